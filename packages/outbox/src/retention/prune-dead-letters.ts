import { isNotNull } from 'drizzle-orm';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { deadLetters } from '../schema/tables.js';
import { deleteOlderThan, type PruneBatch } from './delete-older-than.js';

/** Deletes dead letters handled (resolved or replayed) longer ago than the retention; unhandled ones stay. */
export function pruneHandledDeadLetters(tx: OutboxTransaction, batch: PruneBatch): Promise<number> {
  return deleteOlderThan(tx, deadLetters, deadLetters.handledAt, batch, isNotNull(deadLetters.handledAt));
}
