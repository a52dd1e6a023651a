import { createLogger, loadEnv, runUntilSignal } from '@sagaflow/service-kit';
import { paymentEnvSchema } from './config.js';
import { paymentService, startPayment } from './service.js';

// Configuration is read inside start(), so a bad variable exits through runUntilSignal's
// one-line fatal; this logger only speaks before the service's own (at LOG_LEVEL) exists.
const processLogger = createLogger(paymentService.name, 'info');
await runUntilSignal(() => startPayment(loadEnv(paymentEnvSchema)), processLogger);
