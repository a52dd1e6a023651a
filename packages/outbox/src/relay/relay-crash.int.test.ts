import { kafkaControl } from '@sagaflow/devstack';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  enqueueCommitted,
  kafkaClient,
  message,
  type OutboxFixture,
  outboxDatabase,
  recordTap,
  relayStarted,
  spawnRelay,
  stopProcess,
  uniqueName,
  waitFor,
  waitForEmptyOutbox,
} from '../testing/harness.js';
import { firstDeliveryOrderPerKey } from '../testing/ordering.js';

const stack = inject('devstack');
const control = kafkaControl(stack);
const kafka = kafkaClient(stack, 'relay-crash');
let fixture: OutboxFixture;

beforeAll(async () => {
  fixture = await outboxDatabase(stack, uniqueName('relay_crash'));
});
afterAll(async () => {
  await fixture.close();
});

describe('relay killed with SIGKILL', () => {
  it('publishes every committed message after restart; duplicates only from kills after an ack', async ({
    annotate,
  }) => {
    const topic = uniqueName('crash');
    await control.createTopic(topic, 4);
    const total = 4000;
    const keys = 40;
    const batchSize = 100;
    await enqueueCommitted(
      fixture.db,
      Array.from({ length: total }, (_, seq) => message(topic, `k${seq % keys}`, seq)),
    );
    const tap = await recordTap(kafka, topic);
    const relayArgs = ['--batch-size', String(batchSize), '--poll-interval-ms', '200'];

    // Kill 1 lands before anything is published; the others while batches are in flight.
    const kills = 5;
    const relay = spawnRelay(stack, fixture.databaseUrl, relayArgs);
    await stopProcess(relay, 'SIGKILL');
    for (let kill = 1; kill < kills; kill++) {
      const seen = tap.records.length;
      const victim = spawnRelay(stack, fixture.databaseUrl, relayArgs);
      await relayStarted(victim);
      await waitFor(() => tap.records.length > seen, 30_000);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50));
      await stopProcess(victim, 'SIGKILL');
    }

    const survivor = spawnRelay(stack, fixture.databaseUrl, relayArgs);
    await waitForEmptyOutbox(fixture.db);
    await tap.waitForDistinct(total);
    await stopProcess(survivor);
    await tap.stop();

    const duplicates = tap.records.length - tap.distinctIds().size;
    await annotate(`${kills} SIGKILLs, ${total} messages, ${duplicates} duplicates delivered`);
    expect(tap.distinctIds().size).toBe(total);
    // Only a batch acked before its kill can be sent again.
    expect(duplicates).toBeLessThanOrEqual((kills - 1) * batchSize);
    for (const [key, seqs] of firstDeliveryOrderPerKey(tap.records)) {
      expect(seqs, `order of ${key}`).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.length).toBe(total / keys);
    }
  });
});
