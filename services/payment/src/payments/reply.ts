import { outgoing, PaymentFailed, PaymentProcessed, PaymentRefunded } from '@sagaflow/contracts';
import type { OutgoingMessage } from '@sagaflow/outbox';
import { assertNever, type MessageContext } from '@sagaflow/service-kit';
import type { PaymentReply } from './batch-plan.js';

/**
 * The saga's answer to the command `context` carries, with the command's causation,
 * correlation and trace; enqueued in the handler's own transaction, it is published
 * only if the payment's effect commits.
 */
export function replyTo(context: MessageContext, reply: PaymentReply): OutgoingMessage {
  const { envelope, trace } = context.incoming;
  const causedBy = { id: envelope.id, correlationId: envelope.correlationId, trace };
  switch (reply.type) {
    case 'PaymentProcessed':
      return outgoing(PaymentProcessed, reply.payload, { causedBy });
    case 'PaymentFailed':
      return outgoing(PaymentFailed, reply.payload, { causedBy });
    case 'PaymentRefunded':
      return outgoing(PaymentRefunded, reply.payload, { causedBy });
    default:
      return assertNever(reply);
  }
}
