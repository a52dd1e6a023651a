import type { Logger } from 'pino';
import type { EmbeddedKafkaKind } from '../types.js';
import { findJava, missingJavaMessage, startEmbeddedApacheKafka } from './apache-kafka/index.js';
import type { EmbeddedKafka } from './embedded-kafka.js';
import { startKafkaMock } from './kafka-mock.js';
import { ensureLauncher } from './launcher-build.js';

export const EMBEDDED_KAFKA_ENV = 'SAGAFLOW_DEVSTACK_KAFKA';

const mockWarning =
  "devstack: no Java runtime, so Kafka is librdkafka's mock cluster, which is not Kafka (no long polling, " +
  'no controller, no replication, logs trimmed at 5 MB); for Apache Kafka install Java 17+ and Maven ' +
  '(apt-get install -y openjdk-17-jre-headless maven)';

export function parseEmbeddedKafkaKind(value: string | undefined): EmbeddedKafkaKind | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value === 'apache-kafka' || value === 'librdkafka-mock') return value;
  throw new Error(
    `${EMBEDDED_KAFKA_ENV} must be "apache-kafka" or "librdkafka-mock", got ${JSON.stringify(value)}`,
  );
}

/**
 * Apache Kafka wherever a Java 17+ runtime exists; librdkafka's mock only where
 * none does (with a warning naming what to install), or when asked for by name.
 */
export async function startEmbeddedKafka(
  options: {
    runDir: string;
    brokerCount: number;
    kind?: EmbeddedKafkaKind;
    scram?: { username: string; password: string; tls?: boolean };
  },
  logger: Logger,
): Promise<EmbeddedKafka> {
  if (options.scram !== undefined) {
    // librdkafka's mock has no SASL: SCRAM is Apache Kafka's or nothing.
    const java = await findJava();
    if (!java) throw new Error(`a Kafka with SCRAM is Apache Kafka's broker: ${missingJavaMessage}`);
    return startEmbeddedApacheKafka(
      { runDir: options.runDir, nodeCount: options.brokerCount, java, scram: options.scram },
      logger,
    );
  }
  const asked = options.kind ?? parseEmbeddedKafkaKind(process.env[EMBEDDED_KAFKA_ENV]);
  if (asked !== 'librdkafka-mock') {
    const java = await findJava();
    if (java)
      return startEmbeddedApacheKafka(
        { runDir: options.runDir, nodeCount: options.brokerCount, java },
        logger,
      );
    if (asked === 'apache-kafka') throw new Error(missingJavaMessage);
    logger.warn(mockWarning);
  }
  const mock = await startKafkaMock(await ensureLauncher(logger), options.brokerCount, logger);
  return {
    brokers: mock.brokers,
    control: { kind: 'mock', host: '127.0.0.1', port: mock.controlPort },
    info: { kind: 'librdkafka-mock', version: mock.version, brokers: options.brokerCount },
    pids: () => [mock.pid],
    kill: () => mock.kill(),
    stop: () => mock.stop(),
  };
}
