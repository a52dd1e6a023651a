import { runService } from '@sagaflow/service-kit';
import { orderEnvSchema } from './config.js';
import { orderService } from './service.js';

await runService(orderService, orderEnvSchema);
