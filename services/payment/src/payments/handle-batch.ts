import type { paymentCommands } from '@sagaflow/contracts';
import type { BatchMessageHandler } from '@sagaflow/service-kit';
import { v7 as uuidv7 } from 'uuid';
import type { PaymentDatabase } from '../db/database.js';
import { ordersToLock, planBatch, walletsToLock } from './batch-plan.js';
import { lockPayments, lockWallets, writeBatch } from './payment-store.js';
import { replyTo } from './reply.js';

/**
 * Runs inside the inbox transaction of the batch: every command's effect, its reply
 * and the message ids commit together. Locks, then decides in memory, then writes,
 * in a fixed number of statements whatever the batch's size.
 */
export const handlePaymentBatch: BatchMessageHandler<PaymentDatabase, typeof paymentCommands> = async (
  batch,
  tx,
) => {
  const first = batch[0];
  if (first === undefined) return;
  const commands = batch.map(({ message }) => message);
  const stored = await lockPayments(tx, ordersToLock(commands));
  const wallets = await lockWallets(tx, walletsToLock(commands, stored));
  const { results, writes } = planBatch(commands, stored, wallets, uuidv7);
  await writeBatch(tx, writes);
  const replies = results.map((result, index) => replyTo(contextAt(batch, index), result.reply));
  // Every context of a batch carries the same sink: one call, one multi-row INSERT.
  await first.context.sink.enqueue(tx, replies);
  results.forEach(({ note }, index) => {
    contextAt(batch, index).logger[note.level](note.fields, note.message);
  });
};

function contextAt(batch: Parameters<typeof handlePaymentBatch>[0], index: number) {
  const received = batch[index];
  if (received === undefined) throw new Error(`the batch has no message at ${index}`);
  return received.context;
}
