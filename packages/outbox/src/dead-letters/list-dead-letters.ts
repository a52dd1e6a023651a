import { and, desc, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { deadLetters } from '../schema/tables.js';
import { type DeadLetterCursor, encodeCursor } from './cursor.js';
import { type DeadLetterFilter, deadLetterFilterSql } from './filter.js';
import { type DeadLetterReader, type DeadLetterSummary, handlingOf } from './view.js';

export const deadLetterStatuses = ['unhandled', 'handled', 'all'] as const;
export type DeadLetterStatus = (typeof deadLetterStatuses)[number];

/** Most dead letters one page holds. */
export const maxDeadLetterPage = 200;

export interface DeadLetterQuery {
  status: DeadLetterStatus;
  /** 1 to maxDeadLetterPage. */
  limit: number;
  /** Where the previous page ended (decodeCursor of its nextCursor). */
  cursor?: DeadLetterCursor;
  /** Only those matching it; the cursor pages on within the same filter. */
  filter?: DeadLetterFilter;
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  /** Set when more follow: pass it back, decoded, for the next page. */
  nextCursor: string | null;
}

function statusFilter(status: DeadLetterStatus): SQL | undefined {
  switch (status) {
    case 'unhandled':
      return isNull(deadLetters.handledAt);
    case 'handled':
      return isNotNull(deadLetters.handledAt);
    case 'all':
      return undefined;
    default: {
      // The outbox has no dependency on the service kit's assertNever; the same check.
      const unknown: never = status;
      throw new TypeError(`unknown dead-letter status ${String(unknown)}`);
    }
  }
}

/** The failure time as the cursor holds it: Postgres's microseconds, in UTC. */
const failedAtMicros = sql<string>`to_char(${deadLetters.failedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Dead letters newest first (by failure time, then id), a page at a time by keyset:
 * a page starts after the cursor's row, so rows arriving meanwhile neither shift nor
 * repeat what follows. Without the content (envelope, raw value, headers): readDeadLetter has it.
 */
export async function listDeadLetters(db: DeadLetterReader, query: DeadLetterQuery): Promise<DeadLetterPage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxDeadLetterPage)
    throw new RangeError(`limit must be an integer from 1 to ${maxDeadLetterPage}, not ${query.limit}`);
  const after =
    query.cursor === undefined
      ? undefined
      : sql`(${deadLetters.failedAt}, ${deadLetters.id}) < (${query.cursor.failedAt}::timestamptz, ${query.cursor.id}::uuid)`;
  const rows = await db
    .select({
      id: deadLetters.id,
      messageId: deadLetters.messageId,
      source: deadLetters.source,
      consumerGroup: deadLetters.consumerGroup,
      topic: deadLetters.topic,
      key: deadLetters.key,
      type: deadLetters.type,
      partition: deadLetters.partition,
      offset: deadLetters.offset,
      reason: deadLetters.reason,
      attempts: deadLetters.attempts,
      failedAt: deadLetters.failedAt,
      hasEnvelope: sql<boolean>`${deadLetters.envelope} is not null`,
      handledAt: deadLetters.handledAt,
      handledBy: deadLetters.handledBy,
      handledAction: deadLetters.handledAction,
      handledReason: deadLetters.handledReason,
      cursorAt: failedAtMicros,
    })
    .from(deadLetters)
    .where(and(statusFilter(query.status), deadLetterFilterSql(query.filter), after))
    .orderBy(desc(deadLetters.failedAt), desc(deadLetters.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ handledAt, handledBy, handledAction, handledReason, cursorAt: _, ...summary }) => ({
      ...summary,
      handled: handlingOf({ handledAt, handledBy, handledAction, handledReason }),
    })),
    nextCursor:
      rows.length > query.limit && last !== undefined
        ? encodeCursor({ failedAt: last.cursorAt, id: last.id })
        : null,
  };
}
