import { and, eq } from 'drizzle-orm';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { enqueueEnvelope } from '../enqueue/enqueue-envelope.js';
import { deadLetters, inbox, outbox } from '../schema/tables.js';
import { type DeadLetterHandlingInput, markHandled } from './mark-handled.js';
import type { ReplayOutcome } from './outcomes.js';
import { planReplay } from './replay-plan.js';
import { type InboxReplay, replayThroughInbox } from './replay-through-inbox.js';
import { whyNotHandled } from './resolve-dead-letter.js';
import { deadLetterOf } from './view.js';

export interface ReplayOptions extends DeadLetterHandlingInput {
  /** The service's KAFKA_TOPIC_PREFIX (see planReplay). */
  topicPrefix: string;
  /**
   * The service's own intake: given, a consumer's dead letter is handled again right
   * here (replayThroughInbox) instead of going back through the outbox and the broker.
   */
  inbox?: InboxReplay;
}

/**
 * Publishes a dead letter's envelope again, unchanged (same message id), onto its
 * original topic and key through the outbox, in `tx`, the transaction that marks it
 * handled as `replayed`: both happen, or neither. The row is locked first, so two
 * operators replaying it at once replay it once; the other is told it was handled.
 * With `inbox`, a consumer's dead letter is instead handled again in `tx` through the
 * service's intake; its handler failing throws HandlingFailedError (run it with
 * inOwnTransaction to have that as the outcome `handlingFailed`).
 */
export async function replayDeadLetter(
  tx: OutboxTransaction,
  id: string,
  handling: ReplayOptions,
): Promise<ReplayOutcome> {
  const [row] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
  if (row === undefined) return { kind: 'notFound' };
  if (row.handledAt !== null) return { kind: 'alreadyHandled', deadLetter: deadLetterOf(row) };
  if (row.source === 'consumer' && handling.inbox !== undefined)
    return replayThroughInbox(tx, row, {
      actor: handling.actor,
      reason: handling.reason,
      inbox: handling.inbox,
    });
  const plan = planReplay(row, handling.topicPrefix);
  if (!plan.ok) return { kind: 'notReplayable', problem: plan.problem, deadLetter: deadLetterOf(row) };
  const [pending] = await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.id, plan.envelope.id));
  if (pending !== undefined)
    return {
      kind: 'notReplayable',
      problem: `message ${plan.envelope.id} is in the outbox already, waiting to be published`,
      deadLetter: deadLetterOf(row),
    };
  const marked = await markHandled(tx, id, 'replayed', { actor: handling.actor, reason: handling.reason });
  if (marked === undefined) return whyNotHandled(tx, id);
  await enqueueEnvelope(tx, plan.envelope, plan.destination);
  if (plan.inboxEntry !== undefined)
    await tx
      .delete(inbox)
      .where(
        and(
          eq(inbox.consumerGroup, plan.inboxEntry.consumerGroup),
          eq(inbox.messageId, plan.inboxEntry.messageId),
        ),
      );
  return { kind: 'handled', deadLetter: deadLetterOf(marked) };
}
