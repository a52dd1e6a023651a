import { testEnvelopes, testLogger, uniqueName, waitFor } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../envelope/envelope.js';
import { deadLetters, inbox } from '../schema/tables.js';
import { InboxConsumer } from './inbox-consumer.js';

const context = outboxTestContext('inbox-int');
const { control, kafka } = context;
const producer = kafka.producer();

beforeAll(async () => {
  await context.fixture.db.execute(sql`create table effects (key text primary key, applied int not null)`);
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
});

const envelope = testEnvelopes('8000');

/** A consumer whose handler counts effects per key in the same transaction as the inbox row. */
function effectCounter(topic: string, failing: Set<string> = new Set()) {
  return new InboxConsumer({
    kafka,
    db: context.fixture.db,
    groupId: uniqueName('group'),
    topics: [topic],
    logger: testLogger,
    retry: { retries: 2, minTimeoutMs: 10, maxTimeoutMs: 20 },
    validate: (message) =>
      message.type === 'TestEvent' ? undefined : `unknown message type ${message.type}`,
    handle: async ({ envelope: message }, tx) => {
      if (failing.has(message.aggregateId)) throw new Error(`handler cannot process ${message.aggregateId}`);
      await tx.execute(sql`
        insert into effects (key, applied) values (${message.aggregateId}, 1)
        on conflict (key) do update set applied = effects.applied + 1`);
    },
  });
}

async function applied(key: string): Promise<number> {
  const result = await context.fixture.db.execute<{ applied: number }>(
    sql`select applied from effects where key = ${key}`,
  );
  return result.rows[0]?.applied ?? 0;
}

describe('inbox consumer', () => {
  it('takes effect once when the same message is delivered twice', async () => {
    const topic = uniqueName('dupes');
    // One partition: once 'after' is handled, both copies in front of it were too.
    await control.createTopic(topic, 1);
    const twice = envelope('dup-1');
    const record = { key: 'dup-1', value: encodeEnvelope(twice) };
    await producer.send({ topic, messages: [record, record] });
    await producer.send({
      topic,
      messages: [record, { key: 'after', value: encodeEnvelope(envelope('after')) }],
    });
    const consumer = effectCounter(topic);
    await consumer.start();
    try {
      await waitFor(async () => (await applied('after')) === 1, 30_000);
      expect(await applied('dup-1')).toBe(1);
      const rows = await context.fixture.db.select().from(inbox).where(sql`${inbox.messageId} = ${twice.id}`);
      expect(rows).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters poison messages with their reason while other keys keep flowing', async () => {
    const topic = uniqueName('poison');
    await control.createTopic(topic, 1);
    const healthy = Array.from({ length: 30 }, (_, i) => envelope(`ok-${i}`));
    const unknownType = { ...envelope('unknown-type'), type: 'NoSuchEvent' };
    const handlerFails = envelope('handler-fails');
    // One partition: every poison record sits in front of healthy ones.
    await producer.send({
      topic,
      messages: [
        { key: 'not-json', value: '{not json' },
        { key: 'bad-envelope', value: JSON.stringify({ id: 'x', type: '' }) },
        { key: 'unknown-type', value: encodeEnvelope(unknownType) },
        { key: 'handler-fails', value: encodeEnvelope(handlerFails) },
        ...healthy.map((message) => ({ key: message.aggregateId, value: encodeEnvelope(message) })),
      ],
    });
    const consumer = effectCounter(topic, new Set(['handler-fails']));
    await consumer.start();
    try {
      await waitFor(async () => (await applied('ok-29')) === 1, 30_000);
      for (const message of healthy) expect(await applied(message.aggregateId)).toBe(1);
      expect(await applied('handler-fails')).toBe(0);
      const dead = await context.fixture.db
        .select()
        .from(deadLetters)
        .where(sql`${deadLetters.topic} = ${topic}`);
      const reasons = Object.fromEntries(dead.map((row) => [row.key, row.reason]));
      expect(reasons['not-json']).toMatch(/not JSON/);
      expect(reasons['bad-envelope']).toMatch(/not a valid envelope/);
      expect(reasons['unknown-type']).toBe('unknown message type NoSuchEvent');
      expect(reasons['handler-fails']).toMatch(/handler cannot process handler-fails/);
      expect(dead.find((row) => row.key === 'handler-fails')?.attempts).toBe(3);
      expect(dead.find((row) => row.key === 'not-json')?.raw).toBe('{not json');
    } finally {
      await consumer.stop();
    }
  });
});
