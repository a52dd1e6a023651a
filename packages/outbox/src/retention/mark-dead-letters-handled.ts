import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { deadLetters } from '../schema/tables.js';

/**
 * Records that an operator dealt with these dead letters (resolved them, or replayed
 * their messages), in the transaction that did so; from then on they age out with
 * the dead-letter retention. Returns the ids newly marked.
 */
export async function markDeadLettersHandled(
  tx: OutboxTransaction,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const marked = await tx
    .update(deadLetters)
    // The database's clock, which the retention measures age by.
    .set({ handledAt: sql`now()` })
    .where(and(inArray(deadLetters.id, [...ids]), isNull(deadLetters.handledAt)))
    .returning({ id: deadLetters.id });
  return marked.map((row) => row.id);
}
