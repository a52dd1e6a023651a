import { fileURLToPath } from 'node:url';
import type { ServiceDb, ServiceTransaction } from '@sagaflow/service-kit';
import type { OrderSchema } from './schema.js';

export type OrderDatabase = ServiceDb<OrderSchema>;
export type OrderTransaction = ServiceTransaction<OrderSchema>;

/** Order's own migrations; the kit runs the outbox's first, from their own journal. */
export const orderMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
