import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { outboxPublished } from '../schema/tables.js';
import { deleteOlderThan, type PruneBatch } from './delete-older-than.js';

/**
 * Forgets publications older than the retention: what a saga published, and when,
 * is then no longer shown (the message itself is the broker's to keep).
 */
export function prunePublished(tx: OutboxTransaction, batch: PruneBatch): Promise<number> {
  return deleteOlderThan(tx, outboxPublished, outboxPublished.publishedAt, batch);
}
