import {
  enqueueCommitted,
  firstDeliveryOrderPerKey,
  message,
  recordTap,
  relayStarted,
  spawnRelay,
  stopProcess,
  uniqueName,
  waitForEmptyOutbox,
} from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { describe, expect, it } from 'vitest';

const context = outboxTestContext('relay-concurrent');
const { stack, control, kafka } = context;

function publishedCount(output: string[]): number {
  const stopped = output
    .join('')
    .split('\n')
    .filter((line) => line.includes('"relay stopped"'))
    .map((line) => JSON.parse(line) as { published: number });
  return stopped[0]?.published ?? 0;
}

describe('three relays on one outbox', () => {
  it('delivers 10,000 messages over 100 keys, every key complete and in order', async ({ annotate }) => {
    const topic = uniqueName('concurrent');
    await control.createTopic(topic, 6);
    const tap = await recordTap(kafka, topic);
    const relays = [0, 1, 2].map(() =>
      spawnRelay(stack, context.fixture.databaseUrl, ['--batch-size', '50', '--poll-interval-ms', '200']),
    );
    await Promise.all(relays.map((relay) => relayStarted(relay)));

    // Ten writers commit concurrently, each owning ten keys and writing its keys in order,
    // so transactions of different writers commit in an order no id predicts.
    const writers = 10;
    const keysPerWriter = 10;
    const perKey = 100;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let seq = 0; seq < perKey; seq += 5) {
          const batch = [];
          for (let k = 0; k < keysPerWriter; k++) {
            for (let s = seq; s < seq + 5; s++) batch.push(message(topic, `w${writer}k${k}`, s));
          }
          await enqueueCommitted(context.fixture.db, batch);
        }
      }),
    );
    const total = writers * keysPerWriter * perKey;
    await waitForEmptyOutbox(context.fixture.db, 90_000);
    await tap.waitForDistinct(total, 60_000);
    await Promise.all(relays.map((relay) => stopProcess(relay)));
    await tap.stop();

    const shares = relays.map((relay) => publishedCount(relay.output));
    await annotate(`messages published per relay: ${shares.join(', ')}`);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total);
    expect(shares.every((share) => share > 0)).toBe(true);
    expect(tap.records.length).toBe(total);
    const order = firstDeliveryOrderPerKey(tap.records);
    expect(order.size).toBe(writers * keysPerWriter);
    for (const [key, seqs] of order) {
      expect(seqs, `order of ${key}`).toEqual(Array.from({ length: perKey }, (_, i) => i));
    }
  });
});
