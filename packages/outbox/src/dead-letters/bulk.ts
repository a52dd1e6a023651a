import { and, asc, isNull } from 'drizzle-orm';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import type { OutboxDatabase } from '../relay/store.js';
import { deadLetters } from '../schema/tables.js';
import { type DeadLetterFilter, deadLetterFilterSql } from './filter.js';
import { inOwnTransaction } from './in-own-transaction.js';
import type { ReplayOutcome } from './outcomes.js';
import type { DeadLetterReader } from './view.js';

/** Most dead letters one bulk operation acts on. */
export const maxBulkDeadLetters = 500;

export interface BulkSelection {
  filter: DeadLetterFilter;
  /** 1 to maxBulkDeadLetters. */
  limit: number;
}

/** Ids of the unhandled dead letters matching the filter, oldest first, at most `limit`. */
export async function selectUnhandledDeadLetters(
  db: DeadLetterReader,
  { filter, limit }: BulkSelection,
): Promise<string[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > maxBulkDeadLetters)
    throw new RangeError(`limit must be an integer from 1 to ${maxBulkDeadLetters}, not ${limit}`);
  const rows = await db
    .select({ id: deadLetters.id })
    .from(deadLetters)
    .where(and(isNull(deadLetters.handledAt), deadLetterFilterSql(filter)))
    .orderBy(asc(deadLetters.failedAt), asc(deadLetters.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

export interface BulkResult {
  /** How many were selected: at most the limit. */
  matched: number;
  /** Each selected one's outcome, in the order they were acted on (oldest first). */
  outcomes: Array<{ id: string; outcome: ReplayOutcome }>;
}

/**
 * Acts on each selected dead letter in a transaction of its own, oldest first: one
 * that is refused (handled meanwhile by someone else, not replayable, its handler
 * failing again) rolls back alone and the rest go on. Each is locked and checked
 * again by `act`, so a dead letter handled since the selection is refused, not redone.
 */
export async function inBulk(
  db: OutboxDatabase,
  selection: BulkSelection,
  act: (tx: OutboxTransaction, id: string) => Promise<ReplayOutcome>,
): Promise<BulkResult> {
  const ids = await selectUnhandledDeadLetters(db, selection);
  const outcomes: BulkResult['outcomes'] = [];
  for (const id of ids) outcomes.push({ id, outcome: await inOwnTransaction(db, (tx) => act(tx, id)) });
  return { matched: ids.length, outcomes };
}
