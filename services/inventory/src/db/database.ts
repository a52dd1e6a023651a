import { fileURLToPath } from 'node:url';
import type { ServiceDb, ServiceTransaction } from '@sagaflow/service-kit';
import type { InventorySchema } from './schema.js';

export type InventoryDatabase = ServiceDb<InventorySchema>;
export type InventoryTransaction = ServiceTransaction<InventorySchema>;
/** Reads work the same inside a transaction or on the pool. */
export type InventoryQueries = InventoryDatabase | InventoryTransaction;

/** Inventory's own migrations; the kit runs the outbox's first, from their own journal. */
export const inventoryMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
