import { deleteOlderThan, type OutboxTransaction, type PruneBatch } from '@sagaflow/outbox';
import type { PruneTask } from '@sagaflow/service-kit';
import { messagePublications } from '../db/schema.js';

/**
 * Deletes publication times older than the retention. The timeline of an order older
 * than that shows `publishedAt: null` for its messages: the time is forgotten, not the message.
 */
export function prunePublications(tx: OutboxTransaction, batch: PruneBatch): Promise<number> {
  return deleteOlderThan(tx, messagePublications, messagePublications.publishedAt, batch);
}

export function publicationsPruneTask(retentionSeconds: number): PruneTask {
  return { name: 'message publications', retentionMs: retentionSeconds * 1000, prune: prunePublications };
}
