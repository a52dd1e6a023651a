import type { paymentCommands } from '@sagaflow/contracts';
import { assertNever, type MessageHandler } from '@sagaflow/service-kit';
import type { PaymentDatabase } from '../db/database.js';
import { processPayment } from './process-payment.js';
import { refundPayment } from './refund-payment.js';

/** Runs inside the inbox transaction: the payment's effect, its reply and the message id commit together. */
export const handlePaymentCommand: MessageHandler<PaymentDatabase, typeof paymentCommands> = async (
  message,
  tx,
  context,
) => {
  switch (message.type) {
    case 'ProcessPayment':
      return processPayment(message.payload, tx, context);
    case 'RefundPayment':
      return refundPayment(message.payload, tx, context);
    default:
      return assertNever(message);
  }
};
