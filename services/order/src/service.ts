import { consoleAssetsDir } from '@sagaflow/console';
import { sagaReplies, topics } from '@sagaflow/contracts';
import { defineService, type MessageSink, type RunningService } from '@sagaflow/service-kit';
import { adminRoutes } from './admin/routes.js';
import { sagaRoutes } from './admin/saga-routes.js';
import type { OrderEnv } from './config.js';
import { consolePlugin } from './console/plugin.js';
import { consoleSettingsFrom } from './console/settings.js';
import { orderMigrationsFolder } from './db/database.js';
import { type OrderSchema, orderSchema } from './db/schema.js';
import { DeadlineScheduler } from './deadlines/scheduler.js';
import { createSagaMetrics } from './metrics/saga-metrics.js';
import { orderRoutes } from './orders/routes.js';
import { handleSagaReplies } from './runner/handle-reply.js';
import type { SagaObserver, SagaRuntime } from './runner/runtime.js';

export function sagaRuntimeFrom(
  env: OrderEnv,
  sink: MessageSink,
  now: () => Date = () => new Date(),
  observer?: SagaObserver,
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
    sink,
    ...(observer === undefined ? {} : { observer }),
  };
}

/** The order service: the saga orchestrator, its API, its deadline scheduler. */
export const orderService = defineService('order', (env: OrderEnv) => {
  // defineService calls this once per start: each service instance counts its own sagas.
  const sagaMetrics = createSagaMetrics();
  const consoleSettings = consoleSettingsFrom(env);
  return {
    schema: orderSchema,
    migrationsFolder: orderMigrationsFolder,
    bodyLimit: env.BODY_LIMIT_BYTES,
    consumes: {
      topics: [topics.orderSagaReplies],
      contracts: sagaReplies,
      handleBatch: async (batch, tx) => {
        // Every message of a batch carries the same sink: the kit's.
        const sink = batch[0]?.context.sink;
        if (sink !== undefined)
          await handleSagaReplies(batch, tx, sagaRuntimeFrom(env, sink, undefined, sagaMetrics.observer));
      },
    },
    metrics: (registry, { db }) => sagaMetrics.register(registry, db),
    background: ({ db, logger, sink, tracer }) => {
      const scheduler = new DeadlineScheduler(
        db,
        sagaRuntimeFrom(env, sink, undefined, sagaMetrics.observer),
        logger.child({ component: 'deadlines' }),
        env.DEADLINE_POLL_MS,
        tracer,
      );
      scheduler.start();
      return scheduler;
    },
    routes: async (app, { db, sink }) => {
      const runtime = sagaRuntimeFrom(env, sink, undefined, sagaMetrics.observer);
      await app.register(orderRoutes, { db, runtime });
      await app.register(adminRoutes, { db, runtime });
      await app.register(sagaRoutes, { db, runtime });
      await app.register(consolePlugin, { settings: consoleSettings, assetsDir: consoleAssetsDir() });
    },
  };
});

export type RunningOrder = RunningService<OrderSchema>;
