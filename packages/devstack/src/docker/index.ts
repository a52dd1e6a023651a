import { PostgreSqlContainer } from '@testcontainers/postgresql';
import type { Logger } from 'pino';
import { DockerKafkaControl } from '../kafka-control/docker.js';
import { registerCleanup } from '../lifecycle.js';
import type { Devstack } from '../types.js';
import { KafkaKraftContainer, kafkaBootstrap, kafkaImage } from './kafka-container.js';

export { dockerReachable } from './detect.js';

const postgresImage = 'postgres:18';

/**
 * PostgreSQL and Kafka in containers. Testcontainers' reaper (Ryuk) removes them
 * if this process dies without stopping them.
 */
export async function startDocker(options: { startedAt: number }, logger: Logger): Promise<Devstack> {
  logger.info({ postgresImage, kafkaImage }, 'devstack: starting containers');
  const [postgres, kafka] = await Promise.allSettled([
    new PostgreSqlContainer(postgresImage)
      .withUsername('postgres')
      .withPassword('postgres')
      .withDatabase('postgres')
      // Same settings as the embedded stack; fsync stays on.
      .withCommand(['postgres', '-c', 'max_connections=300', '-c', 'shared_buffers=256MB'])
      .withSharedMemorySize(512 * 1024 * 1024)
      .start(),
    new KafkaKraftContainer().start(),
  ]);
  if (postgres.status === 'rejected' || kafka.status === 'rejected') {
    await Promise.allSettled([
      postgres.status === 'fulfilled' ? postgres.value.stop() : undefined,
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
      await Promise.allSettled([pg.stop(), broker.stop()]);
      unregister();
    })();
    return stopping;
  };
  // Nothing synchronous can stop a container; the reaper covers a plain exit.
  const unregister = registerCleanup({ kill: () => undefined, stop });
  return {
    source: 'docker',
    databaseUrl: pg.getConnectionUri(),
    kafkaBrokers: [kafkaBootstrap(broker)],
    kafkaControl: { kind: 'docker', containerId: broker.getId() },
    startupMs: Math.round(performance.now() - options.startedAt),
    stop,
  };
}
