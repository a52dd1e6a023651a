import type { OutboxTransaction } from '../enqueue/enqueue.js';
import type { OutboxDatabase } from '../relay/store.js';
import type { DeadLetterRow } from '../schema/tables.js';

/** What reads dead letters: the service's database, or a transaction already open. */
export type DeadLetterReader = OutboxDatabase | OutboxTransaction;

/** How an operator can deal with a dead letter; the column's values. */
export const deadLetterActions = [
  'resolved',
  'replayed',
  'discarded',
] as const satisfies readonly NonNullable<DeadLetterRow['handledAction']>[];
export type DeadLetterAction = (typeof deadLetterActions)[number];

/** How an operator dealt with a dead letter; who, how and why are null for one marked handled in bulk. */
export interface DeadLetterHandling {
  at: Date;
  by: string | null;
  action: DeadLetterAction | null;
  reason: string | null;
}

/** A dead letter as an operator reads it in a list: everything but the record's content. */
export interface DeadLetterSummary {
  id: string;
  messageId: string | null;
  source: DeadLetterRow['source'];
  consumerGroup: string | null;
  topic: string;
  key: string | null;
  type: string | null;
  partition: number | null;
  offset: string | null;
  reason: string;
  attempts: number;
  failedAt: Date;
  /** Whether its envelope was read: only then can it be replayed. */
  hasEnvelope: boolean;
  handled: DeadLetterHandling | null;
}

/** One dead letter with what was kept of its record: the envelope, or the raw value. */
export interface DeadLetter extends DeadLetterSummary {
  envelope: unknown;
  raw: string | null;
  headers: Record<string, string>;
}

export function handlingOf(
  row: Pick<DeadLetterRow, 'handledAt' | 'handledBy' | 'handledAction' | 'handledReason'>,
): DeadLetterHandling | null {
  if (row.handledAt === null) return null;
  return { at: row.handledAt, by: row.handledBy, action: row.handledAction, reason: row.handledReason };
}

export function deadLetterOf(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    messageId: row.messageId,
    source: row.source,
    consumerGroup: row.consumerGroup,
    topic: row.topic,
    key: row.key,
    type: row.type,
    partition: row.partition,
    offset: row.offset,
    reason: row.reason,
    attempts: row.attempts,
    failedAt: row.failedAt,
    hasEnvelope: row.envelope !== null,
    handled: handlingOf(row),
    envelope: row.envelope,
    raw: row.raw,
    headers: row.headers,
  };
}
