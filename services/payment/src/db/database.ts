import { fileURLToPath } from 'node:url';
import type { TransactionOf } from '@sagaflow/outbox';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PaymentSchema } from './schema.js';

export type PaymentDatabase = NodePgDatabase<PaymentSchema>;
export type PaymentTransaction = TransactionOf<PaymentDatabase>;

/** Payment's own migrations; service-kit runs the outbox's first, from their own journal. */
export const paymentMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
