import type { OutboxTransaction } from '../enqueue/enqueue.js';
import type { OutboxDatabase } from '../relay/store.js';
import { HandlingFailedError } from './handling-failed.js';
import type { ReplayOutcome } from './outcomes.js';

/**
 * Runs one dead-letter operation in a transaction of its own. A replay whose handler
 * threw (HandlingFailedError) rolls the whole transaction back, so nothing of it
 * commits, and is told as the outcome `handlingFailed`; any other error is thrown.
 */
export async function inOwnTransaction(
  db: OutboxDatabase,
  act: (tx: OutboxTransaction) => Promise<ReplayOutcome>,
): Promise<ReplayOutcome> {
  try {
    return await db.transaction((tx) => act(tx));
  } catch (error) {
    if (error instanceof HandlingFailedError) return { kind: 'handlingFailed', problem: error.message };
    throw error;
  }
}
