import { paymentCommands, topics } from '@sagaflow/contracts';
import { defineService, type RunningService } from '@sagaflow/service-kit';
import type { PaymentEnv } from './config.js';
import { paymentMigrationsFolder } from './db/database.js';
import { type PaymentSchema, paymentSchema } from './db/schema.js';
import { handlePaymentBatch } from './payments/handle-batch.js';
import { walletRoutes } from './wallets/wallet-routes.js';

/** The payment service: charges and refunds for the saga, and the wallets they draw on. */
export const paymentService = defineService('payment', (_env: PaymentEnv) => ({
  schema: paymentSchema,
  migrationsFolder: paymentMigrationsFolder,
  consumes: {
    topics: [topics.paymentCommands],
    contracts: paymentCommands,
    handleBatch: handlePaymentBatch,
  },
  routes: async (app, { db }) => {
    await app.register(walletRoutes, { db });
  },
}));

export type RunningPayment = RunningService<PaymentSchema>;
