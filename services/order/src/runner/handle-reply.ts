import type { MessageOf, sagaReplies } from '@sagaflow/contracts';
import type { MessageContext } from '@sagaflow/service-kit';
import type { ReplyEvent } from '../saga/events.js';
import { applySagaEvent } from './apply-event.js';
import type { OrderTransaction, SagaRuntime } from './runtime.js';

export type SagaReply = MessageOf<typeof sagaReplies>;

function replyEvent(reply: SagaReply, at: string): ReplyEvent {
  switch (reply.type) {
    case 'StockReserved':
      return { type: reply.type, payload: reply.payload, at };
    case 'StockReservationFailed':
      return { type: reply.type, payload: reply.payload, at };
    case 'StockReleased':
      return { type: reply.type, payload: reply.payload, at };
    case 'PaymentProcessed':
      return { type: reply.type, payload: reply.payload, at };
    case 'PaymentFailed':
      return { type: reply.type, payload: reply.payload, at };
    case 'PaymentRefunded':
      return { type: reply.type, payload: reply.payload, at };
    default: {
      const unhandled: never = reply;
      throw new Error(`unhandled reply ${JSON.stringify(unhandled)}`);
    }
  }
}

const participantOf = (type: SagaReply['type']) => (type.startsWith('Stock') ? 'inventory' : 'payment');

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
    replyEvent(reply, runtime.now().toISOString()),
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
