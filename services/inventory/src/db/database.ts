import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { inventorySchema } from './schema.js';

export type InventoryDatabase = NodePgDatabase<typeof inventorySchema>;
export type InventoryTransaction = Parameters<Parameters<InventoryDatabase['transaction']>[0]>[0];
/** Reads work the same inside a transaction or on the pool. */
export type InventoryQueries = InventoryDatabase | InventoryTransaction;
