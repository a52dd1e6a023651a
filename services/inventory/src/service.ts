import { fileURLToPath } from 'node:url';
import { inventoryCommands, topics } from '@sagaflow/contracts';
import { type RunningService, type ServiceDefinition, startService } from '@sagaflow/service-kit';
import type { Logger } from 'pino';
import { catalogRoutes } from './catalog/catalog-routes.js';
import type { InventoryEnv } from './config.js';
import { inventorySchema } from './db/schema.js';
import { handleInventoryCommand } from './stock/handle-command.js';
import { reservationRoutes } from './stock/reservation-routes.js';

export const inventoryMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export const inventoryService: ServiceDefinition<typeof inventorySchema, typeof inventoryCommands> = {
  name: 'inventory',
  schema: inventorySchema,
  migrationsFolder: inventoryMigrationsFolder,
  consumes: {
    topics: [topics.inventoryCommands],
    contracts: inventoryCommands,
    handle: handleInventoryCommand,
  },
  routes: (app, { db }) => {
    catalogRoutes(app, db);
    reservationRoutes(app, db);
  },
};

export type RunningInventory = RunningService<typeof inventorySchema>;

export function startInventory(env: InventoryEnv, logger?: Logger): Promise<RunningInventory> {
  return startService(inventoryService, env, logger);
}
