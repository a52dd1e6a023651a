import {
  enqueueCommitted,
  firstDeliveryOrderPerKey,
  message,
  recordTap,
  spawnRelay,
  stopProcess,
  uniqueName,
  waitFor,
  waitForEmptyOutbox,
} from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { readBacklogStats } from './store.js';

const context = outboxTestContext('relay-crash');
const { stack, control, kafka } = context;

describe('relay killed with SIGKILL', () => {
  it('publishes every committed message after restart; duplicates only from kills after an ack', async ({
    annotate,
  }) => {
    const topic = uniqueName('crash');
    await control.createTopic(topic, 4);
    const total = 20_000;
    const keys = 40;
    const batchSize = 100;
    await enqueueCommitted(
      context.fixture.db,
      Array.from({ length: total }, (_, seq) => message(topic, `k${seq % keys}`, seq)),
    );
    const tap = await recordTap(kafka, topic);
    const relayArgs = ['--batch-size', String(batchSize), '--poll-interval-ms', '200'];
    const pending = async () => (await readBacklogStats(context.fixture.db)).pending;

    // Kill 1 lands before anything is published; the others once the relay has started
    // deleting acknowledged rows, that is while batches are in flight.
    const kills = 5;
    const early = spawnRelay(stack, context.fixture.databaseUrl, relayArgs);
    await stopProcess(early, 'SIGKILL');
    for (let kill = 1; kill < kills; kill++) {
      const before = await pending();
      const victim = spawnRelay(stack, context.fixture.databaseUrl, relayArgs);
      await waitFor(async () => (await pending()) < before, 30_000);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      await stopProcess(victim, 'SIGKILL');
    }
    const left = await pending();
    expect(left).toBeGreaterThan(0);

    const survivor = spawnRelay(stack, context.fixture.databaseUrl, relayArgs);
    await waitForEmptyOutbox(context.fixture.db);
    await tap.waitForDistinct(total);
    await stopProcess(survivor);
    await tap.stop();

    const duplicates = tap.records.length - tap.distinctIds().size;
    await annotate(
      `${kills} SIGKILLs, ${total} messages (${left} still pending after the kills), ${duplicates} duplicates delivered`,
    );
    expect(tap.distinctIds().size).toBe(total);
    // Only a batch acked before its kill can be sent again.
    expect(duplicates).toBeLessThanOrEqual((kills - 1) * batchSize);
    for (const [key, seqs] of firstDeliveryOrderPerKey(tap.records)) {
      expect(seqs, `order of ${key}`).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.length).toBe(total / keys);
    }
  });
});
