import { topics } from '@sagaflow/contracts';
import type { KafkaPeer } from '@sagaflow/testkit';

/** The topic each service consumes: a poison record on it becomes that service's dead letter. */
const consumedTopics = [topics.inventoryCommands, topics.paymentCommands, topics.orderSagaReplies];

/** Records no consumer can read, a few per topic: dead letters keep arriving through the soak. */
export async function sendPoison(peer: KafkaPeer, perTopic: number, round: number): Promise<void> {
  for (const topic of consumedTopics)
    for (let n = 0; n < perTopic; n++) await peer.sendEnvelope(topic, `soak poison ${round}.${n}: not JSON`);
}

interface DeadLetterPage {
  items: { id: string }[];
  nextCursor: string | null;
}

/**
 * What an operator does once they dealt with them: resolves the service's unhandled
 * dead letters through its operator routes, so they age out (unhandled ones are kept
 * forever, and would grow without end). Returns how many it resolved.
 */
export async function handleDeadLetters(serviceUrl: string, operatorToken: string): Promise<number> {
  const headers = { authorization: `Bearer ${operatorToken}` };
  let resolved = 0;
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const listed = await fetch(`${serviceUrl}/dead-letters?status=unhandled&limit=200${query}`, { headers });
    if (!listed.ok) throw new Error(`GET /dead-letters answered ${listed.status}: ${await listed.text()}`);
    const page = (await listed.json()) as DeadLetterPage;
    for (const { id } of page.items) {
      const answer = await fetch(`${serviceUrl}/dead-letters/${id}/resolve`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'soak: a poison record sent on purpose' }),
      });
      // 409: resolved meanwhile, by the other instance's caller; anything else is a failure of the soak.
      if (answer.ok) resolved += 1;
      else if (answer.status !== 409)
        throw new Error(`POST /dead-letters/${id}/resolve answered ${answer.status}: ${await answer.text()}`);
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return resolved;
}
