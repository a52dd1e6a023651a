import { type PayloadOf, PaymentFailed, PaymentProcessed, type ProcessPayment } from '@sagaflow/contracts';
import { assertNever, type MessageContext } from '@sagaflow/service-kit';
import type { PaymentTransaction } from '../db/database.js';
import { decidePayment, type PaymentOutcome } from './decisions.js';
import { lockPayment, lockWallet, recordCharge, recordFailure } from './payment-store.js';
import { reply } from './reply.js';

export async function processPayment(
  command: PayloadOf<typeof ProcessPayment>,
  tx: PaymentTransaction,
  context: MessageContext,
): Promise<void> {
  const { orderId, customerId, amountCents } = command;
  const existing = await lockPayment(tx, orderId);
  // An order that has an answer never touches the wallet, so it need not wait for its lock.
  const wallet = existing === undefined ? await lockWallet(tx, customerId) : undefined;
  const decision = decidePayment(existing, wallet, amountCents);
  let outcome: PaymentOutcome;
  switch (decision.action) {
    case 'charge': {
      const { paymentId } = await recordCharge(tx, { orderId, customerId, amountCents });
      context.logger.info(
        { customerId, amountCents, paymentId, balanceAfterCents: decision.balanceAfterCents },
        'payment charged',
      );
      outcome = { type: 'PaymentProcessed', paymentId, amountCents };
      break;
    }
    case 'refuse':
      await recordFailure(tx, { orderId, customerId, amountCents, reason: decision.reason });
      context.logger.info({ customerId, amountCents, reason: decision.reason }, 'payment refused');
      outcome = { type: 'PaymentFailed', reason: decision.reason };
      break;
    case 'repeat':
      if (decision.requestedAmountDiffers)
        context.logger.warn(
          { requestedCents: amountCents, chargedCents: existing?.amountCents },
          'order charged before with another amount; repeating the original charge',
        );
      else context.logger.info({ outcome: decision.outcome.type }, 'order already answered; repeating');
      outcome = decision.outcome;
      break;
    default:
      assertNever(decision);
  }
  if (outcome.type === 'PaymentProcessed') {
    await reply(tx, context, PaymentProcessed, {
      orderId,
      paymentId: outcome.paymentId,
      amountCents: outcome.amountCents,
    });
  } else {
    await reply(tx, context, PaymentFailed, { orderId, reason: outcome.reason });
  }
}
