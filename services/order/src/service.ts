import { fileURLToPath } from 'node:url';
import { sagaReplies, topics } from '@sagaflow/contracts';
import type { ServiceDefinition } from '@sagaflow/service-kit';
import type { Static } from '@sinclair/typebox';
import { adminRoutes } from './admin/routes.js';
import type { orderEnvSchema } from './config.js';
import { type OrderSchema, orderSchema } from './db/schema.js';
import { DeadlineScheduler } from './deadlines/scheduler.js';
import { orderRoutes } from './orders/routes.js';
import { recordPublications } from './publications/record-publications.js';
import { handleSagaReply } from './runner/handle-reply.js';
import type { SagaRuntime } from './runner/runtime.js';

export const orderMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export function sagaRuntimeFrom(
  env: Static<typeof orderEnvSchema>,
  now: () => Date = () => new Date(),
): SagaRuntime {
  return {
    timeouts: {
      stock: env.STOCK_TIMEOUT_MS,
      payment: env.PAYMENT_TIMEOUT_MS,
      compensation: env.COMPENSATION_STEP_TIMEOUT_MS,
    },
    compensationMaxAttempts: env.COMPENSATION_MAX_ATTEMPTS,
    machineVersion: env.SAGA_MACHINE_VERSION,
    now,
  };
}

/** The order service: the saga orchestrator, its API, its deadline scheduler. */
export function orderService(
  env: Static<typeof orderEnvSchema>,
  runtime: SagaRuntime = sagaRuntimeFrom(env),
): ServiceDefinition<OrderSchema, typeof sagaReplies> {
  return {
    name: 'order',
    schema: orderSchema,
    migrationsFolder: orderMigrationsFolder,
    bodyLimit: env.BODY_LIMIT_BYTES,
    consumes: {
      topics: [topics.orderSagaReplies],
      contracts: sagaReplies,
      handle: (reply, tx, context) => handleSagaReply(reply, tx, context, runtime),
    },
    onPublished: ({ pool, logger }) => recordPublications(pool, logger),
    background: ({ db, logger }) => {
      const scheduler = new DeadlineScheduler(
        db,
        runtime,
        logger.child({ component: 'deadlines' }),
        env.DEADLINE_POLL_MS,
      );
      scheduler.start();
      return scheduler;
    },
    routes: async (app, { db }) => {
      await app.register(orderRoutes, { db, runtime });
      await app.register(adminRoutes, { db, runtime });
    },
  };
}
