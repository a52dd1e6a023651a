import type { MessageContract } from '@sagaflow/contracts';
import type { Static, TObject } from '@sinclair/typebox';
import type { Logger } from 'pino';
import { type CommonEnv, ConfigError, loadEnv } from '../config/env.js';
import { createLogger, isLogLevel } from '../observability/logger.js';
import { startTracing } from '../observability/tracing.js';
import { type ServiceFactory, type StartOptions, startService } from '../service.js';

export interface RunOptions {
  /** Default: the outbox. A harness hands in another (the dual-write baseline). */
  sink?: StartOptions['sink'];
  /** Default: process.env. */
  env?: Record<string, string | undefined>;
  /** A stop that outlives this exits at once. */
  hardStopMs?: number;
}

/**
 * A service's whole process: its logger (at LOG_LEVEL, and logging a configuration
 * error too), its configuration, the start (migrations first), then the wait for
 * SIGTERM or SIGINT and a graceful stop. Every service's main.ts is this one call.
 */
export async function runService<
  TEnvSchema extends TObject,
  TSchema extends Record<string, unknown>,
  const TContracts extends readonly MessageContract[],
>(
  service: ServiceFactory<Static<TEnvSchema> & CommonEnv, TSchema, TContracts>,
  envSchema: TEnvSchema,
  options: RunOptions = {},
): Promise<void> {
  const source = options.env ?? process.env;
  // Before the configuration is valid there is no LOG_LEVEL to trust; an invalid one fails loadEnv below.
  const logger = createLogger(service.serviceName, isLogLevel(source.LOG_LEVEL) ? source.LOG_LEVEL : 'info');
  await untilSignal(
    async () => {
      // serviceEnv() schemas carry the common settings; a schema without them fails validation here.
      const env = loadEnv(envSchema, source) as Static<TEnvSchema> & CommonEnv;
      logger.level = env.LOG_LEVEL;
      const tracing = await startTracing(service.serviceName, logger);
      const running = await startService(service, env, {
        logger,
        ...(options.sink === undefined ? {} : { sink: options.sink }),
      }).catch(async (error: unknown) => {
        await tracing.shutdown();
        throw error;
      });
      return { stop: () => running.stop().finally(() => tracing.shutdown()) };
    },
    logger,
    options.hardStopMs,
  );
}

/**
 * Runs a service until SIGTERM or SIGINT, then stops it gracefully; a second
 * signal, or a stop that outlives `hardStopMs`, exits at once. A start-up failure
 * exits 1 with the cause on one line.
 */
async function untilSignal(
  start: () => Promise<{ stop(): Promise<void> }>,
  logger: Logger,
  hardStopMs = 30_000,
): Promise<void> {
  let service: { stop(): Promise<void> };
  try {
    service = await start();
  } catch (error) {
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
  let signalledAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // Wrappers (pnpm, tsx) forward a signal they also received: an echo within a second is not a second request.
    if (signalledAt !== undefined && Date.now() - signalledAt < 1_000) return;
    if (signalledAt !== undefined) {
      logger.warn({ signal }, 'second signal: exiting without finishing');
      process.exit(1);
    }
    signalledAt = Date.now();
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ hardStopMs }, 'graceful shutdown took too long; exiting');
      process.exit(1);
    }, hardStopMs).unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
