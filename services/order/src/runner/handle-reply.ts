import { inventoryReplies, type MessageOf, type sagaReplies } from '@sagaflow/contracts';
import type { MessageContext } from '@sagaflow/service-kit';
import { applySagaEvent } from './apply-event.js';
import type { OrderTransaction, SagaRuntime } from './runtime.js';

export type SagaReply = MessageOf<typeof sagaReplies>;

const inventoryReplyTypes: ReadonlySet<string> = new Set(inventoryReplies.map((contract) => contract.type));

const participantOf = (type: SagaReply['type']) => (inventoryReplyTypes.has(type) ? 'inventory' : 'payment');

/**
 * One reply, in the inbox transaction that dedupes it: an out-of-order or
 * unexpected reply is recorded on the timeline as ignored, never thrown.
 */
export async function handleSagaReply(
  reply: SagaReply,
  tx: OrderTransaction,
  context: MessageContext,
  runtime: SagaRuntime,
): Promise<void> {
  const { envelope, traceparent } = context.incoming;
  const applied = await applySagaEvent(
    tx,
    reply.payload.orderId,
    { ...reply, at: runtime.now().toISOString() },
    {
      actor: participantOf(reply.type),
      reason: null,
      message: { id: envelope.id, correlationId: envelope.correlationId, traceparent },
    },
    runtime,
  );
  if (applied === undefined) context.logger.warn('reply for an order this service does not know; ignored');
  else if (applied.outcome === 'ignored')
    context.logger.info(applied, 'reply not accepted in this state; recorded and ignored');
  else context.logger.debug(applied, 'saga advanced');
}
