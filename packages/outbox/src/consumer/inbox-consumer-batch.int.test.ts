import { testEnvelopes, testLogger, uniqueName, waitFor } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../envelope/envelope.js';
import { deadLetters } from '../schema/tables.js';
import { InboxConsumer } from './inbox-consumer.js';
import type { IncomingMessage } from './intake.js';

const context = outboxTestContext('inbox-batch');
const { control, kafka } = context;
const producer = kafka.producer();
const admin = kafka.admin();

beforeAll(async () => {
  await context.fixture.db.execute(
    sql`create table batch_effects (key text not null, seq int not null, offset_text text not null)`,
  );
  await producer.connect();
  await admin.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

const envelope = testEnvelopes('8100');

async function effects(prefix: string): Promise<{ key: string; seq: number }[]> {
  const result = await context.fixture.db.execute<{ key: string; seq: number }>(
    sql`select key, seq from batch_effects where key like ${`${prefix}%`} order by offset_text::bigint`,
  );
  return result.rows;
}

describe('inbox consumer, batched', () => {
  it('hands a fetch to the handler as batches, each message once and in offset order, and isolates the one that fails', async () => {
    const topic = uniqueName('batched');
    await control.createTopic(topic, 1);
    const healthy = Array.from({ length: 60 }, (_, index) => envelope(`b-${index}`));
    const failing = envelope('b-fails');
    const records = healthy.map((message) => ({ key: message.aggregateId, value: encodeEnvelope(message) }));
    // A duplicate inside the batch, the failing message among the others, and a refused record.
    records.splice(10, 0, records[3] as (typeof records)[number]);
    records.splice(30, 0, { key: failing.aggregateId, value: encodeEnvelope(failing) });
    records.splice(45, 0, { key: 'not-json', value: '{nope' });
    // Everything is on the partition before the consumer starts: its first fetch holds it all.
    await producer.send({ topic, messages: records });
    const sizes: number[] = [];
    const consumer = new InboxConsumer({
      kafka,
      db: context.fixture.db,
      groupId: uniqueName('group'),
      topics: [topic],
      logger: testLogger,
      maxBatchMessages: 25,
      retry: { retries: 1, minTimeoutMs: 10, maxTimeoutMs: 20 },
      handleBatch: async (messages: readonly IncomingMessage[], tx) => {
        if (messages.some((message) => message.envelope.id === failing.id)) {
          throw new Error('cannot handle b-fails');
        }
        sizes.push(messages.length);
        for (const message of messages) {
          await tx.execute(sql`
            insert into batch_effects (key, seq, offset_text)
            values (${message.envelope.aggregateId}, ${sizes.length}, ${message.offset})`);
        }
      },
    });
    await consumer.start();
    try {
      await waitFor(async () => (await effects('b-')).length === healthy.length, 30_000);
      const applied = await effects('b-');
      // Each healthy message once, in the order of the partition.
      expect(applied.map((row) => row.key)).toEqual(healthy.map((message) => message.aggregateId));
      expect(Math.max(...sizes)).toBeGreaterThan(1);
      expect(sizes.every((size) => size <= 25)).toBe(true);
      const dead = await context.fixture.db
        .select()
        .from(deadLetters)
        .where(sql`${deadLetters.topic} = ${topic}`);
      expect(Object.fromEntries(dead.map((row) => [row.key, row.attempts]))).toEqual({
        'b-fails': 2,
        'not-json': 1,
      });
    } finally {
      await consumer.stop();
    }
  });

  it('commits a batch’s offsets only after its transaction committed', async () => {
    const topic = uniqueName('offsets');
    await control.createTopic(topic, 1);
    const groupId = uniqueName('group');
    const messages = Array.from({ length: 5 }, (_, index) => envelope(`o-${index}`));
    await producer.send({
      topic,
      messages: messages.map((message) => ({ key: message.aggregateId, value: encodeEnvelope(message) })),
    });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inTransaction = false;
    const consumer = new InboxConsumer({
      kafka,
      db: context.fixture.db,
      groupId,
      topics: [topic],
      logger: testLogger,
      handleBatch: async (batch, tx) => {
        for (const message of batch) {
          await tx.execute(sql`
            insert into batch_effects (key, seq, offset_text)
            values (${message.envelope.aggregateId}, 0, ${message.offset})`);
        }
        inTransaction = true;
        await held;
      },
    });
    const committed = async () => {
      const [partition] = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
      return Number(partition?.offset ?? -1);
    };
    await consumer.start();
    try {
      await waitFor(async () => inTransaction, 30_000);
      // The handler has written but not committed: Kafka must not yet hold the offsets.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await committed()).toBe(-1);
      expect(await effects('o-')).toEqual([]);
      release();
      await waitFor(async () => (await committed()) === messages.length, 30_000);
      expect(await effects('o-')).toHaveLength(messages.length);
    } finally {
      release();
      await consumer.stop();
    }
  });

  it('leaves a message it is retrying to the next owner when it stops, instead of dead-lettering it', async () => {
    const topic = uniqueName('handover');
    await control.createTopic(topic, 1);
    const groupId = uniqueName('group');
    const stuck = envelope('h-stuck');
    await producer.send({ topic, messages: [{ key: stuck.aggregateId, value: encodeEnvelope(stuck) }] });
    let attempts = 0;
    const write = (message: IncomingMessage) => sql`
      insert into batch_effects (key, seq, offset_text)
      values (${message.envelope.aggregateId}, 0, ${message.offset})`;
    const failing = new InboxConsumer({
      kafka,
      db: context.fixture.db,
      groupId,
      topics: [topic],
      logger: testLogger,
      // Long enough that only stopping can end the retries within the test.
      retry: { retries: 100, minTimeoutMs: 200, maxTimeoutMs: 200 },
      handle: async () => {
        attempts += 1;
        throw new Error('not now');
      },
    });
    await failing.start();
    await waitFor(async () => attempts >= 2, 30_000);
    await failing.stop();
    const healthy = new InboxConsumer({
      kafka,
      db: context.fixture.db,
      groupId,
      topics: [topic],
      logger: testLogger,
      handle: async (message, tx) => {
        await tx.execute(write(message));
      },
    });
    await healthy.start();
    try {
      await waitFor(async () => (await effects('h-')).length === 1, 30_000);
      const dead = await context.fixture.db
        .select()
        .from(deadLetters)
        .where(sql`${deadLetters.topic} = ${topic}`);
      expect(dead).toEqual([]);
    } finally {
      await healthy.stop();
    }
  });
});
