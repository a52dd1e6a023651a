import type { TracerProvider } from '@opentelemetry/api';
import { and, eq } from 'drizzle-orm';
import type { BatchHandler, TransactionOf } from '../consumer/consumer-options.js';
import { handleInSpans } from '../consumer/handling-spans.js';
import { recordInInbox } from '../consumer/inbox-record.js';
import type { IncomingMessage, RecordInfo } from '../consumer/intake.js';
import { headerProblems } from '../consumer/record-checks.js';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { checkEnvelope, type Envelope } from '../envelope/envelope.js';
import { describeError } from '../relay/kafka-errors.js';
import type { OutboxDatabase } from '../relay/store.js';
import { type DeadLetterRow, inbox } from '../schema/tables.js';
import { outboxTracer, storedContext } from '../tracing/trace-context.js';
import { HandlingFailedError } from './handling-failed.js';
import { type DeadLetterHandlingInput, markHandled } from './mark-handled.js';
import type { ReplayOutcome } from './outcomes.js';
import { whyNotHandled } from './resolve-dead-letter.js';
import { deadLetterOf } from './view.js';

/** The service's own intake, as its InboxConsumer runs it: a replayed message takes the same path. */
export interface InboxReplay {
  /** The service's consumer group (with its topic prefix): only its dead letters are replayed here. */
  consumerGroup: string;
  /** The consumer's `validate`: a message it refuses fails the replay, as it failed the consumer. */
  validate?: (envelope: Envelope, record: RecordInfo) => string | undefined;
  /** The consumer's batch handler, handed the one message, in the replaying transaction. */
  handleBatch: BatchHandler<OutboxDatabase>;
  /** Where the handling span goes; default the global provider. */
  tracerProvider?: TracerProvider;
}

/**
 * Handles a consumer's dead letter again, in `tx`, as its consumer would have: the
 * group's inbox entry (written when it was dead-lettered) is replaced by a fresh one,
 * the message is validated and handed to the handler, and the dead letter is marked
 * `replayed`. `row` is locked by the caller. When the message is refused or the
 * handler throws, HandlingFailedError is thrown, so that `tx` rolls back whole.
 */
export async function replayThroughInbox(
  tx: OutboxTransaction,
  row: DeadLetterRow,
  handling: DeadLetterHandlingInput & { inbox: InboxReplay },
): Promise<ReplayOutcome> {
  const deadLetter = deadLetterOf(row);
  const { consumerGroup } = handling.inbox;
  if (row.consumerGroup !== consumerGroup)
    return {
      kind: 'notReplayable',
      problem: `dead letter ${row.id} was written by consumer group ${JSON.stringify(row.consumerGroup)}, not by this service's ${JSON.stringify(consumerGroup)}`,
      deadLetter,
    };
  if (row.envelope === null)
    return {
      kind: 'notReplayable',
      problem: `dead letter ${row.id} holds only the raw record value, never read as an envelope: there is no message to replay; resolve or discard it once dealt with`,
      deadLetter,
    };
  const checked = checkEnvelope(row.envelope);
  if (!checked.ok)
    return {
      kind: 'notReplayable',
      problem: `dead letter ${row.id}: the stored ${checked.reason}`,
      deadLetter,
    };
  const incoming = incomingOf(row, checked.envelope);
  // Every OutboxDatabase is node-postgres's (relay/store.ts), so its transactions are too:
  // the consumer's handler takes that type, the dead-letter operations the driver-generic one.
  const consumerTx = tx as unknown as TransactionOf<OutboxDatabase>;
  await tx
    .delete(inbox)
    .where(and(eq(inbox.consumerGroup, consumerGroup), eq(inbox.messageId, incoming.envelope.id)));
  const refused =
    headerProblems(row.headers, incoming.envelope) ?? handling.inbox.validate?.(incoming.envelope, incoming);
  if (refused !== undefined) throw new HandlingFailedError(row.id, refused);
  // The same statement as the consumer's: it waits for a copy being handled right now, then skips.
  const fresh = await recordInInbox(consumerTx, consumerGroup, [incoming]);
  if (fresh.length > 0) {
    try {
      await handleInSpans(outboxTracer(handling.inbox.tracerProvider), consumerGroup, fresh, (traced) =>
        handling.inbox.handleBatch(traced, consumerTx),
      );
    } catch (error) {
      throw new HandlingFailedError(row.id, describeError(error), { cause: error });
    }
  }
  const marked = await markHandled(tx, row.id, 'replayed', handling);
  if (marked === undefined) return whyNotHandled(tx, row.id);
  return { kind: 'handled', deadLetter: deadLetterOf(marked) };
}

/** The message as the consumer read it: its record's place, key and headers, as the dead letter kept them. */
function incomingOf(row: DeadLetterRow, envelope: Envelope): IncomingMessage {
  return {
    envelope,
    trace: storedContext(row.headers),
    topic: row.topic,
    partition: row.partition ?? 0,
    offset: row.offset ?? '-1',
    key: row.key,
    headers: row.headers,
  };
}
