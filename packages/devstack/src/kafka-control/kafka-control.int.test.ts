import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kafkaControl } from '../index.js';

const stack = inject('devstack');
const control = kafkaControl(stack);
const kafka = new Kafka({
  clientId: 'devstack-test',
  brokers: stack.kafkaBrokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1_000,
  requestTimeout: 10_000,
  retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
});
const uniqueTopic = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

let producer: Producer;

beforeAll(async () => {
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect();
});

/** Kafka error code anywhere in a kafkajs error chain. */
function kafkaErrorCode(error: unknown, depth = 0): number | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const candidate = error as { code?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof candidate.code === 'number') return candidate.code;
  return kafkaErrorCode(candidate.cause, depth + 1) ?? kafkaErrorCode(candidate.originalError, depth + 1);
}

async function sendUntilAccepted(topic: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'retry' }] });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

describe('kafkaControl', () => {
  it('creates topics idempotently that take acks=-1 produce and feed a consumer group', async () => {
    const topic = uniqueTopic('roundtrip');
    await control.createTopic(topic, 3);
    await control.createTopic(topic, 3);
    const messages = Array.from({ length: 9 }, (_, i) => ({ key: `key-${i}`, value: `value-${i}` }));
    const acks = await producer.send({ topic, acks: -1, messages });
    expect(new Set(acks.map((ack) => ack.partition)).size).toBeGreaterThan(1);

    // The mock answers an empty fetch only after maxWaitTime, and disconnect waits for it.
    const consumer = kafka.consumer({ groupId: uniqueTopic('group'), maxWaitTimeInMs: 250 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const received: string[] = [];
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            received.push(message.value?.toString() ?? '');
            if (received.length === messages.length) resolve();
          },
        });
      });
      expect(received.sort()).toEqual(messages.map((m) => m.value).sort());
    } finally {
      await consumer.disconnect();
    }
  });

  it.skipIf(!control.canInjectOutage)('takes the brokers down and back up', async () => {
    const topic = uniqueTopic('outage');
    await control.createTopic(topic, 2);
    await producer.send({ topic, acks: -1, messages: [{ value: 'before' }] });
    await control.brokerDown();
    try {
      const outcome = await Promise.race([
        producer.send({ topic, acks: -1, messages: [{ value: 'during' }] }).then(
          () => 'sent',
          () => 'failed',
        ),
        sleep(5_000).then(() => 'still waiting'),
      ]);
      expect(outcome).not.toBe('sent');
    } finally {
      await control.brokerUp();
    }
    await sendUntilAccepted(topic, 30_000);
  });

  it('refuses outage injection where it cannot do it', async () => {
    if (control.canInjectOutage) return;
    await expect(control.brokerDown()).rejects.toThrow(/canInjectOutage/);
  });

  it.skipIf(stack.kafkaControl.kind !== 'mock')(
    'makes produce to one topic fail with a chosen error until cleared',
    async () => {
      const topic = uniqueTopic('poisoned');
      await control.createTopic(topic, 2);
      // Warm: this producer already holds the topic's metadata.
      await producer.send({ topic, acks: -1, messages: [{ value: 'warm' }] });
      await control.failProduce(topic, 10 /* MESSAGE_TOO_LARGE */);
      const failure = await producer.send({ topic, acks: -1, messages: [{ value: 'x' }] }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(kafkaErrorCode(failure)).toBe(10);
      const fresh = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await fresh.connect();
      const freshFailure = await fresh
        .send({ topic, messages: [{ value: 'x' }] })
        .catch((error: unknown) => error);
      await fresh.disconnect();
      expect(kafkaErrorCode(freshFailure)).toBe(10);

      await control.failProduce(topic, 0);
      await sendUntilAccepted(topic, 10_000);
    },
  );

  it('rejects topic names the protocol cannot carry', async () => {
    await expect(control.createTopic('two words', 1)).rejects.toThrow(/invalid Kafka topic name/);
  });
});
