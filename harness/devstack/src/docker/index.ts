import { PostgreSqlContainer } from '@testcontainers/postgresql';
import type { Logger } from 'pino';
import { kafkaVersion } from '../embedded/apache-kafka/index.js';
import { DockerKafkaControl } from '../kafka-control/docker.js';
import { registerCleanup } from '../lifecycle.js';
import type { Devstack } from '../types.js';
import { KafkaKraftContainer, kafkaBootstrap, kafkaImageOf } from './kafka-container.js';

export { dockerReachable } from './detect.js';

const postgresImage = 'postgres:18';

/**
 * PostgreSQL and Kafka in containers (only Kafka, beside a given `databaseUrl`).
 * Testcontainers' reaper (Ryuk) removes them if this process dies without
 * stopping them.
 */
export async function startDocker(
  options: { startedAt: number; databaseUrl?: string; statementStats?: boolean },
  logger: Logger,
): Promise<Devstack> {
  const version = await kafkaVersion();
  const kafkaImage = kafkaImageOf(version);
  logger.info({ postgresImage, kafkaImage }, 'devstack: starting containers');
  const [postgres, kafka] = await Promise.allSettled([
    options.databaseUrl !== undefined
      ? Promise.resolve(undefined)
      : new PostgreSqlContainer(postgresImage)
          .withUsername('postgres')
          .withPassword('postgres')
          .withDatabase('postgres')
          // Same settings as the embedded stack; fsync stays on.
          .withCommand([
            'postgres',
            '-c',
            'max_connections=300',
            '-c',
            'shared_buffers=256MB',
            ...(options.statementStats ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : []),
          ])
          .withSharedMemorySize(512 * 1024 * 1024)
          .start(),
    new KafkaKraftContainer(kafkaImage).start(),
  ]);
  if (postgres.status === 'rejected' || kafka.status === 'rejected') {
    await Promise.allSettled([
      postgres.status === 'fulfilled' ? postgres.value?.stop() : undefined,
      kafka.status === 'fulfilled' ? kafka.value.stop() : undefined,
    ]);
    throw postgres.status === 'rejected' ? postgres.reason : (kafka as PromiseRejectedResult).reason;
  }
  const pg = postgres.value;
  const broker = kafka.value;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // A broker left paused by brokerDown() would not stop cleanly.
      await new DockerKafkaControl(broker.getId(), []).brokerUp().catch(() => undefined);
      await Promise.allSettled([pg?.stop(), broker.stop()]);
      unregister();
    })();
    return stopping;
  };
  // Nothing synchronous can stop a container; the reaper covers a plain exit.
  const unregister = registerCleanup({ kill: () => undefined, stop });
  return {
    source: 'docker',
    databaseUrl: pg?.getConnectionUri() ?? (options.databaseUrl as string),
    kafkaBrokers: [kafkaBootstrap(broker)],
    kafka: { kind: 'docker', version, brokers: 1 },
    kafkaControl: { kind: 'docker', containerId: broker.getId() },
    startupMs: Math.round(performance.now() - options.startedAt),
    stop,
  };
}
