import { fileURLToPath } from 'node:url';
import type { ServiceDb, ServiceTransaction } from '@sagaflow/service-kit';
import type { PaymentSchema } from './schema.js';

export type PaymentDatabase = ServiceDb<PaymentSchema>;
export type PaymentTransaction = ServiceTransaction<PaymentSchema>;

/** Payment's own migrations; the kit runs the outbox's first, from their own journal. */
export const paymentMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
