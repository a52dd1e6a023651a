import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { deadLetters, outbox } from '../schema/tables.js';
import type { PendingMessage, ScannedRow } from './plan.js';

/** Any Drizzle node-postgres database, whatever the schema of the service that owns it. */
export type OutboxDatabase = NodePgDatabase<Record<string, unknown>>;
type RelayTransaction = Parameters<Parameters<OutboxDatabase['transaction']>[0]>[0];

/**
 * Rows waiting to be published, oldest first. Not a watermark: every pending row is
 * visible to the next scan however late its transaction committed.
 */
export async function scanDueRows(
  tx: RelayTransaction,
  limit: number,
  skipKeys: readonly string[] = [],
): Promise<ScannedRow[]> {
  const skip = skipKeys.length > 0 ? sql`and ${outbox.key} <> all(${sql.param(skipKeys)}::text[])` : sql``;
  const result = await tx.execute<{ id: string; key: string }>(sql`
    select ${outbox.id} as id, ${outbox.key} as key from ${outbox}
    where ${outbox.nextAttemptAt} <= now() ${skip}
    order by ${outbox.id}
    limit ${limit}`);
  return result.rows;
}

/**
 * Takes, for the rest of `tx`, exclusive ownership of the keys no other relay owns.
 * The lock is a transaction-level advisory lock on a hash of the key: a collision only
 * makes two keys share an owner, it never lets two owners share a key.
 */
export async function lockKeys(
  tx: RelayTransaction,
  lockSpace: number,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const result = await tx.execute<{ key: string }>(sql`
    select k.key from unnest(${sql.param(keys)}::text[]) with ordinality as k(key, position)
    where pg_try_advisory_xact_lock(${lockSpace}::int, hashtext(k.key))
    order by k.position`);
  return result.rows.map((row) => row.key);
}

/** Each key's first `count` rows, read after its lock is held, so they are the key's true head. */
export async function readKeyHeads(
  tx: RelayTransaction,
  heads: ReadonlyArray<{ key: string; count: number }>,
): Promise<PendingMessage[]> {
  if (heads.length === 0) return [];
  const keys = heads.map((head) => head.key);
  const counts = heads.map((head) => head.count);
  // Column names match PendingMessage's fields, so rows need no mapping.
  const result = await tx.execute<PendingMessage & Record<string, unknown>>(sql`
    select o.id, o.topic, o.key, o.type, o.headers, o.attempts, o.next_attempt_at <= now() as due,
      json_build_object(
        'id', o.id, 'type', o.type, 'schemaVersion', o.schema_version,
        'aggregateType', o.aggregate_type, 'aggregateId', o.aggregate_id,
        'correlationId', o.correlation_id, 'causationId', o.causation_id,
        'occurredAt', to_char(o.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'payload', o.payload
      )::text as value
    from unnest(${sql.param(keys)}::text[], ${sql.param(counts)}::int[]) as k(key, n)
    cross join lateral (
      select * from ${outbox} i where i.key = k.key order by i.id limit k.n
    ) o`);
  return result.rows;
}

export async function deletePublished(tx: RelayTransaction, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`delete from ${outbox} where ${outbox.id} = any(${sql.param(ids)}::uuid[])`);
}

/**
 * Charges a failed publish to the key's head and holds the whole key back until
 * `retryAt`, so no later message of the key can overtake the head.
 */
export async function recordFailure(
  tx: RelayTransaction,
  head: PendingMessage,
  error: string,
  retryAt: Date,
): Promise<void> {
  await tx.execute(sql`
    update ${outbox} set
      next_attempt_at = ${retryAt},
      attempts = case when id = ${head.id} then attempts + 1 else attempts end,
      last_error = case when id = ${head.id} then ${error} else last_error end
    where key = ${head.key}`);
}

/** Moves the key's head to dead letters with the reason; the key's later messages flow on. */
export async function moveToDeadLetters(
  tx: RelayTransaction,
  head: PendingMessage,
  reason: string,
  deadLetterId: string,
): Promise<void> {
  await tx.insert(deadLetters).values({
    id: deadLetterId,
    messageId: head.id,
    source: 'relay',
    topic: head.topic,
    key: head.key,
    type: head.type,
    envelope: JSON.parse(head.value) as unknown,
    headers: head.headers,
    reason,
    attempts: head.attempts + 1,
  });
  await tx.execute(sql`delete from ${outbox} where ${outbox.id} = ${head.id}`);
  await tx.execute(sql`update ${outbox} set next_attempt_at = now() where key = ${head.key}`);
}

export interface BacklogStats {
  pending: number;
  oldestPendingAgeMs: number;
  deadLetters: number;
}

export async function readBacklogStats(db: OutboxDatabase): Promise<BacklogStats> {
  const result = await db.execute<{
    pending: string;
    oldest_age_ms: string | null;
    dead_letters: string;
  }>(sql`
    select
      (select count(*) from ${outbox}) as pending,
      (select extract(epoch from now() - min(created_at)) * 1000 from ${outbox}) as oldest_age_ms,
      (select count(*) from ${deadLetters}) as dead_letters`);
  const row = result.rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    oldestPendingAgeMs: Math.max(0, Math.round(Number(row?.oldest_age_ms ?? 0))),
    deadLetters: Number(row?.dead_letters ?? 0),
  };
}
