import { fileURLToPath } from 'node:url';
import { startTlsPostgres, type TlsPostgres } from '@sagaflow/devstack';
import { testLogger } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
const kit = defineService('kit-tls', () => ({
  schema: {},
  migrationsFolder,
  consumes: { topics: [], contracts: [], handle: async () => undefined },
  routes: () => undefined,
}));
let postgres: TlsPostgres;
let env: Record<string, string>;
let service: RunningService<Record<string, never>> | undefined;

const start = (extra: Record<string, string>) =>
  startService(kit, loadEnv(serviceEnv({}), { ...env, ...extra }), { logger: pino({ level: 'silent' }) });

beforeAll(async () => {
  postgres = await startTlsPostgres(testLogger);
  // Kafka is the shared stack's; the database is this file's own Postgres with TLS.
  env = { ...(await testEnvironment('kit_tls')).env, DATABASE_URL: postgres.databaseUrl };
});

afterAll(async () => {
  await service?.stop();
  await postgres?.stop();
});

describe('a service against a Postgres with TLS', () => {
  it('connects over TLS with DATABASE_TLS=verify-full and the server’s CA', async () => {
    service = await start({ DATABASE_TLS: 'verify-full', DATABASE_TLS_CA_FILE: postgres.caFile });
    const { rows } = await service.pool.query<{ ssl: boolean }>(
      'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    );
    expect(rows).toEqual([{ ssl: true }]);
  });

  it('refuses a server whose certificate another CA signed', async () => {
    await expect(
      start({ DATABASE_TLS: 'verify-full', DATABASE_TLS_CA_FILE: postgres.otherCaFile }),
    ).rejects.toThrow(/unable to verify the first certificate/);
  });

  it('refuses, before connecting, a URL whose sslmode would skip the check', async () => {
    await expect(
      start({
        DATABASE_URL: `${postgres.databaseUrl}?sslmode=require`,
        DATABASE_TLS: 'verify-full',
        DATABASE_TLS_CA_FILE: postgres.caFile,
      }),
    ).rejects.toThrow(/DATABASE_URL has sslmode=require/);
  });
});
