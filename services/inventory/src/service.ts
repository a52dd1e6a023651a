import { inventoryCommands, topics } from '@sagaflow/contracts';
import { defineService, type RunningService } from '@sagaflow/service-kit';
import { catalogRoutes } from './catalog/catalog-routes.js';
import type { InventoryEnv } from './config.js';
import { inventoryMigrationsFolder } from './db/database.js';
import { type InventorySchema, inventorySchema } from './db/schema.js';
import { handleInventoryBatch } from './stock/handle-batch.js';
import { reservationRoutes } from './stock/reservation-routes.js';

/** The inventory service: stock reservations for the saga, and the catalog. */
export const inventoryService = defineService('inventory', (_env: InventoryEnv) => ({
  schema: inventorySchema,
  migrationsFolder: inventoryMigrationsFolder,
  consumes: {
    topics: [topics.inventoryCommands],
    contracts: inventoryCommands,
    handleBatch: handleInventoryBatch,
  },
  routes: async (app, { db }) => {
    await app.register(catalogRoutes, { db });
    await app.register(reservationRoutes, { db });
  },
}));

export type RunningInventory = RunningService<InventorySchema>;
