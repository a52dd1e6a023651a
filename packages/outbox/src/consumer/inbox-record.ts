import type { OutboxDatabase } from '../relay/store.js';
import { inbox } from '../schema/tables.js';
import type { TransactionOf } from './consumer-options.js';
import type { IncomingMessage } from './intake.js';

/**
 * Inserts the ids in one statement, sorted: two members handling overlapping
 * batches (during a rebalance) take the index entries in the same order and wait
 * for each other instead of deadlocking. Returns the messages whose ids were new,
 * each id once, in offset order.
 */
export async function recordInInbox<TDb extends OutboxDatabase>(
  tx: TransactionOf<TDb>,
  consumerGroup: string,
  messages: readonly IncomingMessage[],
): Promise<IncomingMessage[]> {
  const ids = [...new Set(messages.map((message) => message.envelope.id))].sort();
  const recorded = await tx
    .insert(inbox)
    .values(ids.map((messageId) => ({ consumerGroup, messageId })))
    .onConflictDoNothing()
    .returning({ messageId: inbox.messageId });
  const fresh = new Set(recorded.map((row) => row.messageId));
  return messages.filter((message) => fresh.delete(message.envelope.id));
}
