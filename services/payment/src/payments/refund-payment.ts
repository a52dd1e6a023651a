import { type PayloadOf, PaymentRefunded, type RefundPayment } from '@sagaflow/contracts';
import { assertNever, type MessageContext } from '@sagaflow/service-kit';
import type { PaymentTransaction } from '../db/database.js';
import { decideRefund } from './decisions.js';
import { lockPayment, recordRefund, recordVoid } from './payment-store.js';
import { reply } from './reply.js';

export async function refundPayment(
  command: PayloadOf<typeof RefundPayment>,
  tx: PaymentTransaction,
  context: MessageContext,
): Promise<void> {
  const { orderId, reason } = command;
  const existing = await lockPayment(tx, orderId);
  const decision = decideRefund(existing);
  let refundedCents: number;
  switch (decision.action) {
    case 'credit':
      // decideRefund only credits an existing charged row.
      if (existing === undefined) throw new Error(`refund of ${orderId} credits a payment that is not there`);
      await recordRefund(tx, existing, decision.amountCents);
      context.logger.info(
        { customerId: existing.customerId, amountCents: decision.amountCents, reason },
        'payment refunded',
      );
      refundedCents = decision.amountCents;
      break;
    case 'void':
      await recordVoid(tx, orderId);
      context.logger.info({ reason }, 'refund before any charge; order voided');
      refundedCents = 0;
      break;
    case 'repeat':
      context.logger.info(
        { status: existing?.status, refundedCents: decision.refundedCents },
        'refund already settled; repeating',
      );
      refundedCents = decision.refundedCents;
      break;
    default:
      assertNever(decision);
  }
  await reply(tx, context, PaymentRefunded, { orderId, amountCents: refundedCents });
}
