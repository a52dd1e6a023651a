import {
  enqueueCommitted,
  message,
  testLogger,
  uniqueName,
  waitFor,
  waitForEmptyOutbox,
} from '@sagaflow/testkit';
import { outboxTestContext, ownKafka } from '@sagaflow/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { InboxConsumer } from '../consumer/inbox-consumer.js';
import { createRelayProducer, Relay } from './relay.js';

// Where no JVM runs, the devstack falls back to librdkafka's mock cluster. This
// keeps that fallback working: the relay publishes to it and an inbox consumer
// reads from it, every message once.
const context = outboxTestContext('mock-fallback');
const embedded = context.stack.source === 'embedded';
const mock = ownKafka(context.stack, 'mock-fallback', {
  embeddedKafka: 'librdkafka-mock',
  when: embedded,
});

describe.skipIf(!embedded)(
  `librdkafka's mock as the fallback broker (embedded stacks only; this one is ${context.stack.source})`,
  () => {
    it('carries outbox messages from the relay to an inbox consumer, each handled once', async () => {
      expect(mock.stack.kafka.kind).toBe('librdkafka-mock');
      const topic = uniqueName('fallback');
      await mock.control.createTopic(topic, 3);
      const relay = new Relay({
        pool: context.fixture.pool,
        producer: createRelayProducer(mock.kafka),
        logger: testLogger,
      });
      const handled: string[] = [];
      const consumer = new InboxConsumer({
        kafka: mock.kafka,
        db: context.fixture.db,
        groupId: uniqueName('fallback'),
        topics: [topic],
        logger: testLogger,
        // The mock does not long-poll: an empty fetch costs this whole wait.
        maxWaitTimeInMs: 100,
        handle: async ({ envelope }) => {
          handled.push(`${envelope.aggregateId}:${(envelope.payload as { seq: number }).seq}`);
        },
      });
      await relay.start();
      await consumer.start();
      try {
        const messages = Array.from({ length: 30 }, (_, seq) => message(topic, `k${seq % 3}`, seq));
        await enqueueCommitted(context.fixture.db, messages.slice(0, 15));
        await enqueueCommitted(context.fixture.db, messages.slice(15));
        await waitForEmptyOutbox(context.fixture.db);
        await waitFor(
          () => handled.length >= 30,
          30_000,
          () => `${handled.length}/30 handled`,
        );
        expect([...handled].sort()).toEqual(
          messages.map((m) => `${m.key}:${(m.payload as { seq: number }).seq}`).sort(),
        );
      } finally {
        await consumer.stop();
        await relay.stop();
      }
    });
  },
);
