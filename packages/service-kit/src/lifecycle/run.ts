import type { Logger } from 'pino';
import { ConfigError } from '../config/env.js';

/**
 * Runs a service until SIGTERM or SIGINT, then stops it gracefully; a second
 * signal, or a stop that outlives `hardStopMs`, exits at once. A start-up failure
 * exits 1 with the cause on one line.
 */
export async function runUntilSignal(
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
