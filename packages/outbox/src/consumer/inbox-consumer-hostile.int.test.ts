import { testEnvelopes, testLogger, uniqueName, waitFor } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { sql } from 'drizzle-orm';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../envelope/envelope.js';
import { type DeadLetterRow, deadLetters } from '../schema/tables.js';
import { InboxConsumer } from './inbox-consumer.js';

// Records no sagaflow relay writes: each must end in dead letters with a reason that
// names its problem, and the partition must go on to the records behind it.
const context = outboxTestContext('inbox-hostile');
const { control, kafka } = context;
const producer = kafka.producer();
const limit = 1024 * 1024;

beforeAll(async () => {
  await context.fixture.db.execute(sql`create table handled (key text primary key)`);
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
});

const envelope = testEnvelopes('9000');

/** A valid record whose key and value together are exactly `bytes` long. */
function recordOfSize(key: string, bytes: number): Message {
  // Ids and timestamps have a fixed length, so the padding is all that varies.
  const base = Buffer.byteLength(encodeEnvelope(envelope(key, { pad: '' })));
  const pad = 'x'.repeat(bytes - base - Buffer.byteLength(key));
  return { key, value: encodeEnvelope(envelope(key, { pad })) };
}

function consumerOf(topic: string) {
  return new InboxConsumer({
    kafka,
    db: context.fixture.db,
    groupId: uniqueName('group'),
    topics: [topic],
    logger: testLogger,
    maxMessageBytes: limit,
    retry: { retries: 0, minTimeoutMs: 10, maxTimeoutMs: 10 },
    validate: (message, record) =>
      record.key === message.aggregateId ? undefined : `key ${record.key} is not ${message.aggregateId}`,
    handle: async ({ envelope: message }, tx) => {
      await tx.execute(sql`insert into handled (key) values (${message.aggregateId})`);
    },
  });
}

async function handledKeys(): Promise<string[]> {
  const result = await context.fixture.db.execute<{ key: string }>(sql`select key from handled`);
  return result.rows.map((row) => row.key);
}

async function deadLettersOf(topic: string): Promise<Map<string | null, DeadLetterRow>> {
  const rows = await context.fixture.db
    .select()
    .from(deadLetters)
    .where(sql`${deadLetters.topic} = ${topic}`);
  return new Map(rows.map((row) => [row.key, row]));
}

/** Sends `records` to a one-partition topic, then a healthy record, and runs a consumer until it is handled. */
async function consume(topic: string, records: Message[]): Promise<Map<string | null, DeadLetterRow>> {
  // The broker lets records of up to 4 MiB in, so what stops them is the consumer's own limit.
  await control.createTopics([
    { name: topic, partitions: 1, config: { 'max.message.bytes': String(4 * limit) } },
  ]);
  for (const record of records) await producer.send({ topic, acks: -1, messages: [record] });
  const last = `${topic}-last`;
  await producer.send({ topic, messages: [{ key: last, value: encodeEnvelope(envelope(last)) }] });
  const consumer = consumerOf(topic);
  await consumer.start();
  try {
    await waitFor(async () => (await handledKeys()).includes(last), 60_000);
  } finally {
    await consumer.stop();
  }
  return deadLettersOf(topic);
}

describe('inbox consumer under hostile records', () => {
  it('dead-letters a record over the size limit unread, with a prefix of its value, and handles one at the limit', async () => {
    const topic = uniqueName('oversized');
    // Over kafkajs's default 1 MiB per partition too; under the 4 MiB the topic takes
    // (and under the 5 MiB librdkafka's mock keeps of a partition, for the fallback).
    const huge = { key: 'huge', value: `{"id":${'9'.repeat(2_000_123 - 7)}}` };
    expect(Buffer.byteLength(huge.value)).toBe(2_000_123);
    const atLimit = recordOfSize('at-limit', limit);
    const overLimit = recordOfSize('over-limit', limit + 1);
    const dead = await consume(topic, [huge, atLimit, overLimit]);

    expect(await handledKeys()).toContain('at-limit');
    expect(dead.get('huge')?.reason).toBe('record of 2,000,127 bytes exceeds the 1,048,576-byte limit');
    expect(dead.get('huge')?.raw).toBe(`${huge.value.slice(0, 1024)}…`);
    expect(dead.get('huge')?.envelope).toBeNull();
    expect(dead.get('over-limit')?.reason).toBe('record of 1,048,577 bytes exceeds the 1,048,576-byte limit');
    expect(dead.get('over-limit')?.messageId).toBeNull();
    expect([...dead.keys()].sort()).toEqual(['huge', 'over-limit']);
  });

  it('dead-letters what Postgres cannot store, tombstones, empty values and lying headers, and moves on', async () => {
    const topic = uniqueName('hostile');
    // Built as text: JSON.stringify itself overflows the stack at this depth.
    const nested = encodeEnvelope({ ...envelope('nested'), type: 'NoSuchEvent', payload: 'deep' }).replace(
      '"deep"',
      `${'['.repeat(100_000)}0${']'.repeat(100_000)}`,
    );
    const nul = envelope('nul', { reason: 'a\u0000b' });
    const lying = envelope('lying-headers');
    const foreign = envelope('foreign-headers');
    const dead = await consume(topic, [
      { key: 'binary', value: Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x00]) },
      { key: 'tombstone', value: null },
      { key: 'empty', value: Buffer.alloc(0) },
      { key: 'nested', value: nested },
      { key: 'nul', value: encodeEnvelope(nul) },
      { key: 'surrogate', value: encodeEnvelope(envelope('surrogate', { reason: '\uDC00' })) },
      {
        key: 'lying-headers',
        value: encodeEnvelope(lying),
        headers: { 'message-id': Buffer.from([0xff, 0x00]), 'message-type': 'Other', traceparent: 'x' },
      },
      {
        key: 'foreign-headers',
        value: encodeEnvelope(foreign),
        headers: { 'x-\u0000': Buffer.from([0xff, 0x00]), traceparent: 'not a traceparent' },
      },
      { key: 'wrong-key', value: encodeEnvelope(envelope('other-key')) },
      { key: Buffer.from([0xff, 0x00]), value: encodeEnvelope(envelope('binary-key')) },
    ]);

    expect(dead.get('binary')?.reason).toMatch(/^value is not JSON: /);
    expect(dead.get('binary')?.reason).not.toContain('\u0000');
    expect(dead.get('binary')?.raw).toBe('\uFFFD\uFFFD\uFFFD{\uFFFD');
    expect(dead.get('tombstone')?.reason).toBe('record has no value (a tombstone)');
    expect(dead.get('empty')?.reason).toBe('record value is empty');
    expect(dead.get('nested')?.reason).toBe('envelope is nested deeper than 64 levels');
    expect(dead.get('nul')?.reason).toBe(
      'envelope holds a NUL character at /payload/reason, which Postgres cannot store',
    );
    expect(dead.get('nul')?.raw).toContain('a\\u0000b');
    expect(dead.get('nul')).toMatchObject({ messageId: nul.id, type: 'TestEvent', envelope: null });
    expect(dead.get('surrogate')?.reason).toBe(
      'envelope holds an unpaired UTF-16 surrogate at /payload/reason, which Postgres cannot store',
    );
    expect(dead.get('lying-headers')?.reason).toBe(
      "header message-id is not UTF-8 text; header message-type 'Other' does not match the envelope type 'TestEvent'",
    );
    expect(dead.get('lying-headers')?.messageId).toBe(lying.id);
    expect(dead.get('lying-headers')?.headers).toEqual({
      'message-id': '\uFFFD\uFFFD',
      'message-type': 'Other',
      traceparent: 'x',
    });
    expect(dead.get('wrong-key')?.reason).toBe('key wrong-key is not other-key');
    expect(dead.get('\uFFFD\uFFFD')?.reason).toBe('key \uFFFD\uFFFD is not binary-key');
    expect(dead.size).toBe(9);
    expect(await handledKeys()).toContain('foreign-headers');
  });
});
