import type pg from 'pg';

/** The tables a request to the order service may write. */
const watched = ['orders', 'order_sagas', 'order_status_transitions', 'outbox'] as const;

/**
 * Test-only triggers that log every insert and update on the order tables. Row
 * counts alone cannot prove "nothing was written": the relay deletes outbox rows
 * once published, which would hide an insert. The log only grows.
 */
export async function installWriteLog(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS test_write_log (table_name text NOT NULL, op text NOT NULL);
    CREATE OR REPLACE FUNCTION test_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_write_log VALUES (TG_TABLE_NAME, TG_OP);
      RETURN NULL;
    END $$;
  `);
  for (const table of watched) {
    await pool.query(`
      CREATE OR REPLACE TRIGGER test_log_write AFTER INSERT OR UPDATE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION test_log_write()`);
  }
}

/**
 * Rows in each order table and writes ever logged on it: equal before and after a
 * refused request means it wrote nothing. The outbox's row count is left out, as
 * the relay drains it at its own pace; its write count covers it.
 */
export async function footprint(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ table_name: string; rows: number; writes: number }>(
    watched
      .map(
        (table) => `SELECT '${table}' AS table_name, (SELECT count(*)::int FROM ${table}) AS rows,
          (SELECT count(*)::int FROM test_write_log WHERE table_name = '${table}') AS writes`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(
    rows.flatMap((row) => [
      ...(row.table_name === 'outbox' ? [] : [[`${row.table_name}.rows`, row.rows] as const]),
      [`${row.table_name}.writes`, row.writes] as const,
    ]),
  );
}
