import { join } from 'node:path';
import type { Logger } from 'pino';
import { registerCleanup } from '../lifecycle.js';
import { defaultLogger } from '../logger.js';
import { startEmbeddedPostgres } from './postgres.js';
import { createRun, sweepOrphanRuns } from './runs.js';
import { createTestCertificates } from './tls-certificates.js';

export interface TlsPostgres {
  /** Superuser URL to the maintenance database, without TLS parameters. */
  databaseUrl: string;
  /** The CA that signed the server's certificate (for 127.0.0.1 and localhost). */
  caFile: string;
  /** A CA that did not: what a client checking against the wrong CA holds. */
  otherCaFile: string;
  stop(): Promise<void>;
}

/**
 * An embedded Postgres of its own with ssl=on and a certificate from a fresh
 * self-signed CA, for a test that connects with DATABASE_TLS=verify-full. Its run
 * is swept like any other should its owner die.
 */
export async function startTlsPostgres(logger: Logger = defaultLogger()): Promise<TlsPostgres> {
  await sweepOrphanRuns(logger);
  const run = await createRun();
  try {
    const tlsDir = join(run.dir, 'tls');
    const server = await createTestCertificates(tlsDir, 'postgres');
    const other = await createTestCertificates(tlsDir, 'other');
    const postgres = await startEmbeddedPostgres(run.dataDir, logger, {
      statementStats: false,
      tls: { certFile: server.certFile, keyFile: server.keyFile },
    });
    await run.record({ postgresPid: postgres.pid });
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await postgres.stop();
        await run.remove();
        unregister();
      })();
      return stopping;
    };
    const unregister = registerCleanup({
      kill: () => {
        postgres.kill();
        run.removeSync();
      },
      stop,
    });
    return { databaseUrl: postgres.url, caFile: server.caFile, otherCaFile: other.caFile, stop };
  } catch (error) {
    await run.remove();
    throw error;
  }
}
