import { createLogger, loadEnv, runUntilSignal, startService } from '@sagaflow/service-kit';
import { orderEnvSchema } from './config.js';
import { orderService } from './service.js';

const logger = createLogger('order', process.env.LOG_LEVEL ?? 'info');
await runUntilSignal(async () => {
  const env = loadEnv(orderEnvSchema);
  return startService(orderService(env), env, logger);
}, logger);
