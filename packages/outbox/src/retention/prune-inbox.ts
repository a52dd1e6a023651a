import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { inbox } from '../schema/tables.js';
import { deleteOlderThan, type PruneBatch } from './delete-older-than.js';

/**
 * Forgets message ids handled longer ago than the retention. A message redelivered
 * after its id is gone would take effect again, so the retention must outlast every
 * way Kafka can deliver it again: at most as long as the topic keeps it (retention.ms).
 */
export function pruneInbox(tx: OutboxTransaction, batch: PruneBatch): Promise<number> {
  return deleteOlderThan(tx, inbox, inbox.processedAt, batch);
}
