import type { paymentCommands } from '@sagaflow/contracts';
import type { MessageHandler } from '@sagaflow/service-kit';
import type { PaymentDatabase } from '../db/database.js';
import { handlePaymentBatch } from './handle-batch.js';

/** One command, handled as a batch of one: the same locks, decisions and writes as a batch's. */
export const handlePaymentCommand: MessageHandler<PaymentDatabase, typeof paymentCommands> = (
  message,
  tx,
  context,
) => handlePaymentBatch([{ message, context }], tx);
