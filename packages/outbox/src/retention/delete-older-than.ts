import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { OutboxTransaction } from '../enqueue/enqueue.js';

/** One bounded step of pruning: rows older than `olderThanMs` (by the database's clock), at most `limit` of them. */
export interface PruneBatch {
  olderThanMs: number;
  limit: number;
}

/**
 * Deletes at most `limit` rows of `table` whose `column` is older than the cutoff
 * (and that match `where`), in the caller's transaction, and returns how many. Rows
 * another transaction holds are skipped, not waited for: two instances pruning the
 * same table share the work instead of queuing. A caller loops over batches, each in
 * a short transaction of its own, so no prune holds many locks or a long transaction.
 */
export async function deleteOlderThan(
  tx: OutboxTransaction,
  table: PgTable,
  column: PgColumn,
  { olderThanMs, limit }: PruneBatch,
  where?: SQL,
): Promise<number> {
  const filter = where === undefined ? sql`` : sql` AND ${where}`;
  const result = await tx.execute(sql`
    DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM ${table}
      WHERE ${column} < now() - make_interval(secs => ${olderThanMs / 1000})${filter}
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED))`);
  // The transaction's driver-generic type hides node-postgres's QueryResult, which has rowCount.
  return (result as { rowCount?: number | null }).rowCount ?? 0;
}
