import { serviceEnv } from '@sagaflow/service-kit';
import type { Static } from '@sinclair/typebox';

/** Inventory needs nothing beyond what every service reads. */
export const inventoryEnvSchema = serviceEnv({});
export type InventoryEnv = Static<typeof inventoryEnvSchema>;
