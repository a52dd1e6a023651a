import { and, eq, isNull, sql } from 'drizzle-orm';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { type DeadLetterRow, deadLetters } from '../schema/tables.js';
import type { DeadLetterAction } from './view.js';

/** Who handles a dead letter, and why: recorded on it. */
export interface DeadLetterHandlingInput {
  /** As the audit records actors: `operator:<token subject>`. */
  actor: string;
  reason: string;
}

/**
 * Marks one unhandled dead letter handled, in `tx`, and returns it; undefined when
 * it is unknown or already handled. Conditional, so of two operators racing, the
 * second's UPDATE waits for the first's row lock, then finds it handled: one wins.
 */
export async function markHandled(
  tx: OutboxTransaction,
  id: string,
  action: DeadLetterAction,
  { actor, reason }: DeadLetterHandlingInput,
): Promise<DeadLetterRow | undefined> {
  const [row] = await tx
    .update(deadLetters)
    // The database's clock, which the retention measures age by.
    .set({ handledAt: sql`now()`, handledBy: actor, handledAction: action, handledReason: reason })
    .where(and(eq(deadLetters.id, id), isNull(deadLetters.handledAt)))
    .returning();
  return row;
}
