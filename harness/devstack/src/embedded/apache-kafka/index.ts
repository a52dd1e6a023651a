import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { EmbeddedKafka } from '../embedded-kafka.js';
import { startApacheKafka } from './cluster.js';
import type { ScramUser } from './config.js';
import { serveClusterControl } from './control-server.js';
import { ensureKafka } from './fetch.js';
import type { JavaRuntime } from './java.js';

export { ensureKafka, kafkaVersion } from './fetch.js';
export { findJava, missingJavaMessage } from './java.js';

/** Apache Kafka's own broker, fetched from Maven Central, run as JVMs under the run directory. */
export async function startEmbeddedApacheKafka(
  options: { runDir: string; nodeCount: number; java: JavaRuntime; scram?: ScramUser },
  logger: Logger,
): Promise<EmbeddedKafka> {
  const distribution = await ensureKafka(logger);
  const scram =
    options.scram === undefined
      ? undefined
      : {
          users: [options.scram],
          broker: { username: 'devstack-broker', password: randomBytes(18).toString('base64url') },
        };
  const cluster = await startApacheKafka(
    {
      runDir: options.runDir,
      nodeCount: options.nodeCount,
      java: options.java.binary,
      distribution,
      ...(scram === undefined ? {} : { scram }),
    },
    logger,
  );
  const control = await serveClusterControl(cluster, logger).catch(async (error: unknown) => {
    await cluster.stop();
    throw error;
  });
  return {
    brokers: cluster.brokers,
    control: { kind: 'apache-kafka', url: control.url },
    info: { kind: 'apache-kafka', version: cluster.version, brokers: cluster.nodeIds.length },
    ...(options.scram === undefined ? {} : { sasl: { mechanism: 'scram-sha-512', ...options.scram } }),
    pids: () => cluster.pids(),
    kill: () => cluster.kill(),
    stop: async () => {
      await control.close();
      await cluster.stop();
    },
  };
}
