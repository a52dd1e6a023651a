import { topics } from '@sagaflow/contracts';
import type { KafkaPeer } from '@sagaflow/testkit';
import type pg from 'pg';

/** The topic each service consumes: a poison record on it becomes that service's dead letter. */
const consumedTopics = [topics.inventoryCommands, topics.paymentCommands, topics.orderSagaReplies];

/** Records no consumer can read, a few per topic: dead letters keep arriving through the soak. */
export async function sendPoison(peer: KafkaPeer, perTopic: number, round: number): Promise<void> {
  for (const topic of consumedTopics)
    for (let n = 0; n < perTopic; n++) await peer.sendEnvelope(topic, `soak poison ${round}.${n}: not JSON`);
}

/**
 * What an operator does once they dealt with them: marks the dead letters handled,
 * so they age out (unhandled ones are kept forever, and would grow without end).
 */
export async function handleDeadLetters(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(
    'UPDATE outbox_dead_letters SET handled_at = now() WHERE handled_at IS NULL',
  );
  return rowCount ?? 0;
}
