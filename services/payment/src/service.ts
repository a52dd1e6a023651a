import { paymentCommands, topics } from '@sagaflow/contracts';
import { type RunningService, type ServiceDefinition, startService } from '@sagaflow/service-kit';
import type { Logger } from 'pino';
import type { PaymentEnv } from './config.js';
import { paymentMigrationsFolder } from './db/database.js';
import { type PaymentSchema, paymentSchema } from './db/schema.js';
import { handlePaymentCommand } from './payments/handle-command.js';
import { walletRoutes } from './wallets/wallet-routes.js';

export const paymentService: ServiceDefinition<PaymentSchema, typeof paymentCommands> = {
  name: 'payment',
  schema: paymentSchema,
  migrationsFolder: paymentMigrationsFolder,
  consumes: {
    topics: [topics.paymentCommands],
    contracts: paymentCommands,
    handle: handlePaymentCommand,
  },
  routes: (app, { db }) => walletRoutes(app, db),
};

export type RunningPayment = RunningService<PaymentSchema>;

export function startPayment(env: PaymentEnv, logger?: Logger): Promise<RunningPayment> {
  return startService(paymentService, env, logger);
}
