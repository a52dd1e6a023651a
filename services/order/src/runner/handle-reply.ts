import { inventoryReplies, type MessageOf, type sagaReplies } from '@sagaflow/contracts';
import type { MessageContext, ReceivedMessage } from '@sagaflow/service-kit';
import { type AppliedEvent, applySagaEvents } from './apply-event.js';
import type { SagaEventInput } from './plan-steps.js';
import type { OrderTransaction, SagaRuntime } from './runtime.js';

export type SagaReply = MessageOf<typeof sagaReplies>;

const inventoryReplyTypes: ReadonlySet<string> = new Set(inventoryReplies.map((contract) => contract.type));

const participantOf = (type: SagaReply['type']) => (inventoryReplyTypes.has(type) ? 'inventory' : 'payment');

/** A reply as the saga's event: stamped with the runner's clock, caused by the reply's envelope. */
function replyEvent(reply: SagaReply, context: MessageContext, runtime: SagaRuntime): SagaEventInput {
  const { envelope, trace } = context.incoming;
  return {
    orderId: reply.payload.orderId,
    event: { ...reply, at: runtime.now().toISOString() },
    cause: {
      actor: participantOf(reply.type),
      reason: null,
      message: { id: envelope.id, correlationId: envelope.correlationId, trace },
    },
  };
}

function logApplied(context: MessageContext, applied: AppliedEvent | undefined): void {
  if (applied === undefined) context.logger.warn('reply for an order this service does not know; ignored');
  else if (applied.outcome === 'ignored')
    context.logger.info(applied, 'reply not accepted in this state; recorded and ignored');
  else context.logger.debug(applied, 'saga advanced');
}

/**
 * The replies of one batch, in offset order, in the inbox transaction that dedupes
 * them: an out-of-order or unexpected reply is recorded on the timeline as
 * ignored, never thrown; a reply for an unknown order is skipped.
 */
export async function handleSagaReplies(
  batch: readonly ReceivedMessage<typeof sagaReplies>[],
  tx: OrderTransaction,
  runtime: SagaRuntime,
): Promise<void> {
  const inputs = batch.map(({ message, context }) => replyEvent(message, context, runtime));
  const applied = await applySagaEvents(tx, inputs, runtime);
  batch.forEach(({ context }, index) => {
    logApplied(context, applied[index]);
  });
}
