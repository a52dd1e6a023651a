export { maxOnHand, maxUnitPriceCents } from './catalog/catalog-routes.js';
export { type Product, ProductSchema } from './catalog/catalog-schemas.js';
export { type InventoryEnv, inventoryEnvSchema } from './config.js';
export {
  type InventoryDatabase,
  type InventoryTransaction,
  inventoryMigrationsFolder,
} from './db/database.js';
export {
  type InventorySchema,
  inventorySchema,
  products,
  type ReservationStatus,
  reservationLines,
  reservationStatuses,
  reservations,
} from './db/schema.js';
export { inventoryService, type RunningInventory } from './service.js';
export { commitStock } from './stock/commit.js';
export { releaseStock } from './stock/release.js';
export { reserveStock } from './stock/reserve.js';
