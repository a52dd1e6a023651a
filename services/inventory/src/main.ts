import { runService } from '@sagaflow/service-kit';
import { inventoryEnvSchema } from './config.js';
import { inventoryService } from './service.js';

await runService(inventoryService, inventoryEnvSchema);
