import { sql } from 'drizzle-orm';
import type { OutboxDatabase } from '../relay/store.js';
import { deadLetters, outbox } from '../schema/tables.js';

/** The outbox at a glance: what waits for the broker, and what waits for an operator. */
export interface OutboxStatus {
  /** Rows in the outbox: committed, not yet acknowledged by the broker. */
  pending: number;
  /** Of those, the ones the broker refused at least once. */
  retrying: number;
  /** When the oldest of them was committed; null for an empty outbox. */
  oldestPendingAt: Date | null;
  /** Its age by the database's clock; null for an empty outbox. */
  oldestPendingAgeMs: number | null;
  /** Dead letters no operator has handled yet. */
  unhandledDeadLetters: number;
}

/** One statement, one snapshot: the numbers agree with each other. */
export async function readOutboxStatus(db: OutboxDatabase): Promise<OutboxStatus> {
  const result = await db.execute<{
    pending: number;
    retrying: number;
    oldest: Date | string | null;
    oldest_age_ms: number | string | null;
    unhandled: number;
  }>(sql`
    select o.pending, o.retrying, o.oldest,
      extract(epoch from now() - o.oldest) * 1000 as oldest_age_ms,
      (select count(*)::int from ${deadLetters} where ${deadLetters.handledAt} is null) as unhandled
    from (
      select count(*)::int as pending,
        (count(*) filter (where ${outbox.attempts} > 0))::int as retrying,
        min(${outbox.createdAt}) as oldest
      from ${outbox}
    ) o`);
  const row = result.rows[0];
  const oldest = row?.oldest ?? null;
  const age = row?.oldest_age_ms ?? null;
  return {
    pending: row?.pending ?? 0,
    retrying: row?.retrying ?? 0,
    // db.execute hands back timestamptz as node-postgres parsed it: a Date, or text for some drivers.
    oldestPendingAt: oldest === null ? null : new Date(oldest),
    oldestPendingAgeMs: age === null ? null : Math.max(0, Math.round(Number(age))),
    unhandledDeadLetters: row?.unhandled ?? 0,
  };
}
