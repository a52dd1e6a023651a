import type { MessageContract, PayloadOf } from '@sagaflow/contracts';
import { outgoing } from '@sagaflow/contracts';
import type { MessageContext } from '@sagaflow/service-kit';
import type { PaymentTransaction } from '../db/database.js';

/**
 * Answers the saga in the handler's own transaction: the reply is published only
 * if the payment's effect commits, and carries the command's causation and trace.
 */
export async function reply<TContract extends MessageContract>(
  tx: PaymentTransaction,
  context: MessageContext,
  contract: TContract,
  payload: PayloadOf<TContract> & { orderId: string },
): Promise<void> {
  const { envelope, traceparent } = context.incoming;
  await context.sink.enqueue(tx, [
    outgoing(contract, payload, {
      causedBy: { id: envelope.id, correlationId: envelope.correlationId, traceparent },
    }),
  ]);
}
