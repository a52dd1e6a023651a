import { runService } from '@sagaflow/service-kit';
import { paymentEnvSchema } from './config.js';
import { paymentService } from './service.js';

await runService(paymentService, paymentEnvSchema);
