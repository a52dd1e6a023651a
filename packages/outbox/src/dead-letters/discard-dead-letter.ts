import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { type DeadLetterHandlingInput, markHandled } from './mark-handled.js';
import type { HandleOutcome } from './outcomes.js';
import { whyNotHandled } from './resolve-dead-letter.js';
import { deadLetterOf } from './view.js';

/**
 * Records that an operator dropped a dead letter on purpose (`discarded`): its
 * message is never to take effect. Nothing else changes: a consumer's inbox entry
 * for it stays, so a redelivered copy is still skipped. From then on it ages out.
 */
export async function discardDeadLetter(
  tx: OutboxTransaction,
  id: string,
  handling: DeadLetterHandlingInput,
): Promise<HandleOutcome> {
  const marked = await markHandled(tx, id, 'discarded', handling);
  if (marked !== undefined) return { kind: 'handled', deadLetter: deadLetterOf(marked) };
  return whyNotHandled(tx, id);
}
