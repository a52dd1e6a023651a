import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EmbeddedKafka } from '../embedded-kafka.js';
import { createTestCertificates } from '../tls-certificates.js';
import { startApacheKafka } from './cluster.js';
import type { ScramSecurity, ScramUser } from './config.js';
import { serveClusterControl } from './control-server.js';
import { ensureKafka } from './fetch.js';
import type { JavaRuntime } from './java.js';

export { ensureKafka, kafkaVersion } from './fetch.js';
export { findJava, missingJavaMessage } from './java.js';

/** Apache Kafka's own broker, fetched from Maven Central, run as JVMs under the run directory. */
export async function startEmbeddedApacheKafka(
  options: { runDir: string; nodeCount: number; java: JavaRuntime; scram?: ScramUser & { tls?: boolean } },
  logger: Logger,
): Promise<EmbeddedKafka> {
  const distribution = await ensureKafka(logger);
  const tls = options.scram?.tls ? await brokerCertificates(options.runDir) : undefined;
  const scram: ScramSecurity | undefined =
    options.scram === undefined
      ? undefined
      : {
          users: [{ username: options.scram.username, password: options.scram.password }],
          broker: { username: 'devstack-broker', password: randomBytes(18).toString('base64url') },
          ...(tls === undefined ? {} : { tls }),
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
    ...(options.scram === undefined
      ? {}
      : {
          sasl: {
            mechanism: 'scram-sha-512',
            username: options.scram.username,
            password: options.scram.password,
          },
        }),
    ...(tls === undefined ? {} : { tlsCaFile: tls.truststoreFile }),
    pids: () => cluster.pids(),
    kill: () => cluster.kill(),
    stop: async () => {
      await control.close();
      await cluster.stop();
    },
  };
}

/** A throwaway CA and the brokers' certificate, for 127.0.0.1; Kafka's PEM keystore is the key, then the certificate. */
async function brokerCertificates(runDir: string): Promise<{ keystoreFile: string; truststoreFile: string }> {
  const files = await createTestCertificates(join(runDir, 'kafka', 'tls'), 'kafka');
  const keystoreFile = join(runDir, 'kafka', 'tls', 'kafka-keystore.pem');
  const [key, cert] = await Promise.all([readFile(files.keyFile, 'utf8'), readFile(files.certFile, 'utf8')]);
  await writeFile(keystoreFile, `${key.trim()}\n${cert.trim()}\n`, { mode: 0o600 });
  return { keystoreFile, truststoreFile: files.caFile };
}
