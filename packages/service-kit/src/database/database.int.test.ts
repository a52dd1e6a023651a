import { fileURLToPath } from 'node:url';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type ServiceDatabase } from './database.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
const logger = pino({ level: 'silent' });
const opened: ServiceDatabase<Record<string, never>>[] = [];

afterAll(async () => {
  await Promise.all(opened.map(({ pool }) => pool.end()));
});

describe('migrateDatabase', () => {
  it('lets instances that start together on one fresh database migrate it once, without failing', async () => {
    const { databaseUrl } = await testEnvironment('migrate-together');
    const instances = Array.from({ length: 4 }, () => openDatabase({ url: databaseUrl, schema: {}, logger }));
    opened.push(...instances);
    const results = await Promise.allSettled(
      instances.map(({ db }) => migrateDatabase(db, migrationsFolder)),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const { rows } = await (instances[0] as ServiceDatabase<Record<string, never>>).pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM drizzle.__outbox_migrations',
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });
});
