import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase, stackInfoFromEnv, stackInfoToEnv } from './index.js';

const stack = inject('devstack');

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('the stack from the global setup', () => {
  it('serves postgres queries as a superuser', async () => {
    const [row] = await query<{ one: number; superuser: string }>(
      stack.databaseUrl,
      "select 1 as one, current_setting('is_superuser') as superuser",
    );
    expect(row).toEqual({ one: 1, superuser: 'on' });
  });

  it('runs postgres with fsync on, room for many connections and no statement statistics', async () => {
    const rows = await query<{ name: string; setting: string }>(
      stack.databaseUrl,
      `select name, setting from pg_settings
       where name in ('fsync', 'max_connections', 'shared_preload_libraries') order by name`,
    );
    expect(rows).toEqual([
      { name: 'fsync', setting: 'on' },
      { name: 'max_connections', setting: '300' },
      { name: 'shared_preload_libraries', setting: '' },
    ]);
  });

  it('travels through the environment to child processes', () => {
    expect(stackInfoFromEnv(stackInfoToEnv(stack))).toEqual(stack);
  });
});

describe('createDatabase', () => {
  it('creates a fresh database each time, even with the same name', async () => {
    const name = `devstack_db_${process.pid}`;
    const first = await createDatabase(stack, name);
    await query(first, 'create table leftover (id int)');
    const second = await createDatabase(stack, name);
    expect(second).toBe(first);
    const [row] = await query<{ db: string; tables: string }>(
      second,
      "select current_database() as db, count(*)::text as tables from pg_tables where tablename = 'leftover'",
    );
    expect(row).toEqual({ db: name, tables: '0' });
  });

  it('drops a database that still has connections', async () => {
    const name = `devstack_busy_${process.pid}`;
    const url = await createDatabase(stack, name);
    const holder = new pg.Client({ connectionString: url });
    holder.on('error', () => undefined);
    await holder.connect();
    await expect(createDatabase(stack, name)).resolves.toBe(url);
    await holder.end().catch(() => undefined);
  });

  it('refuses a name postgres would truncate', async () => {
    await expect(createDatabase(stack, 'x'.repeat(64))).rejects.toThrow(/1-63 bytes/);
  });
});
