import type pg from 'pg';
import type { TableSample } from './flatness.js';

/** What grows with every message, per service. */
export const sampledTables = ['inbox', 'outbox', 'outbox_dead_letters', 'outbox_published'] as const;

/** Rows and bytes (heap, indexes, TOAST) of each sampled table the database has. */
export async function sampleSizes(pool: pg.Pool, service: string, atS: number): Promise<TableSample[]> {
  const samples: TableSample[] = [];
  for (const table of sampledTables) {
    const { rows } = await pool.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
      table,
    ]);
    if (rows[0]?.exists !== true) continue;
    // The name is one of the constants above, never input.
    const sized = await pool.query<{ rows: string; bytes: string }>(
      `SELECT (SELECT count(*) FROM ${table}) AS rows, pg_total_relation_size('${table}') AS bytes`,
    );
    samples.push({
      atS,
      service,
      table,
      rows: Number(sized.rows[0]?.rows ?? 0),
      bytes: Number(sized.rows[0]?.bytes ?? 0),
    });
  }
  return samples;
}
