import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { type DeadLetterHandlingInput, markHandled } from './mark-handled.js';
import type { HandleOutcome } from './outcomes.js';
import { readDeadLetter } from './read-dead-letter.js';
import { deadLetterOf } from './view.js';

/**
 * Records that an operator dealt with a dead letter otherwise (`resolved`), with
 * who and why, in `tx`; from then on it ages out with the dead-letter retention.
 */
export async function resolveDeadLetter(
  tx: OutboxTransaction,
  id: string,
  handling: DeadLetterHandlingInput,
): Promise<HandleOutcome> {
  const marked = await markHandled(tx, id, 'resolved', handling);
  if (marked !== undefined) return { kind: 'handled', deadLetter: deadLetterOf(marked) };
  return whyNotHandled(tx, id);
}

/** Why a dead letter could not be marked: unknown, or handled already. */
export async function whyNotHandled(
  tx: OutboxTransaction,
  id: string,
): Promise<Extract<HandleOutcome, { kind: 'notFound' | 'alreadyHandled' }>> {
  const deadLetter = await readDeadLetter(tx, id);
  return deadLetter === undefined ? { kind: 'notFound' } : { kind: 'alreadyHandled', deadLetter };
}
