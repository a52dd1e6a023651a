import { createLogger, loadEnv, runUntilSignal } from '@sagaflow/service-kit';
import { inventoryEnvSchema } from './config.js';
import { startInventory } from './service.js';

// Created before the configuration is read, so a configuration error is logged too.
const logger = createLogger('inventory', 'info');

await runUntilSignal(async () => {
  const env = loadEnv(inventoryEnvSchema);
  logger.level = env.LOG_LEVEL;
  return startInventory(env, logger);
}, logger);
