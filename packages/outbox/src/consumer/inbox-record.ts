import type { OutboxDatabase } from '../relay/store.js';
import { inbox } from '../schema/tables.js';
import type { TransactionOf } from './consumer-options.js';
import type { IncomingMessage } from './intake.js';

/**
 * Inserts the ids in one statement, sorted: two members handling overlapping
 * batches (during a rebalance) take the index entries in the same order and wait
 * for each other instead of deadlocking. Returns the messages whose ids were new,
 * each id once, in offset order. Each row keeps its envelope's correlation id and
 * type, for what one saga's messages did here (readCorrelation).
 */
export async function recordInInbox<TDb extends OutboxDatabase>(
  tx: TransactionOf<TDb>,
  consumerGroup: string,
  messages: readonly IncomingMessage[],
): Promise<IncomingMessage[]> {
  const byId = new Map(messages.map((message) => [message.envelope.id, message.envelope]));
  const ids = [...byId.keys()].sort();
  const recorded = await tx
    .insert(inbox)
    .values(
      ids.map((messageId) => ({
        consumerGroup,
        messageId,
        correlationId: byId.get(messageId)?.correlationId ?? null,
        messageType: byId.get(messageId)?.type ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ messageId: inbox.messageId });
  const fresh = new Set(recorded.map((row) => row.messageId));
  return messages.filter((message) => fresh.delete(message.envelope.id));
}
