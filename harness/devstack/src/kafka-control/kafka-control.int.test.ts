import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Devstack,
  type KafkaControl,
  kafkaControl,
  plainStackInfo,
  type StackInfo,
  startDevstack,
} from '../index.js';

const shared = inject('devstack');
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const uniqueTopic = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

function client(stack: StackInfo): Kafka {
  return new Kafka({
    clientId: 'devstack-test',
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
  });
}

async function sendUntilAccepted(producer: Producer, topic: string, withinMs: number): Promise<void> {
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

async function readAll(kafka: Kafka, topic: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: uniqueTopic('group') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value?.toString() ?? '');
          if (received.length === expected) resolve();
        },
      });
    });
    return received;
  } finally {
    await consumer.disconnect();
  }
}

/** 'before' is written, every broker goes down (a write then fails or hangs), and up: writes go through again. */
async function outageRoundTrip(control: KafkaControl, producer: Producer, topic: string): Promise<void> {
  await producer.send({ topic, acks: -1, messages: [{ value: 'before' }] });
  await control.brokerDown();
  try {
    const outcome = await Promise.race([
      producer.send({ topic, acks: -1, messages: [{ value: 'during' }] }).then(
        () => 'sent',
        () => 'failed',
      ),
      sleep(3_000).then(() => 'still waiting'),
    ]);
    expect(outcome).not.toBe('sent');
  } finally {
    await control.brokerUp();
  }
  await sendUntilAccepted(producer, topic, 30_000);
}

describe('kafkaControl on the shared stack', () => {
  const control = kafkaControl(shared);
  const kafka = client(shared);

  it('creates topics idempotently that take acks=-1 produce and feed a consumer group', async () => {
    const topic = uniqueTopic('roundtrip');
    await control.createTopic(topic, 3);
    await control.createTopics([
      { name: topic, partitions: 3 },
      { name: `${topic}-second`, partitions: 2 },
    ]);
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic, `${topic}-second`] });
    await admin.disconnect();
    const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual({ [topic]: 3, [`${topic}-second`]: 2 });

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = Array.from({ length: 9 }, (_, i) => ({ key: `key-${i}`, value: `value-${i}` }));
    const acks = await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
    expect(new Set(acks.map((ack) => ack.partition)).size).toBeGreaterThan(1);
    expect((await readAll(kafka, topic, messages.length)).sort()).toEqual(
      messages.map((m) => m.value).sort(),
    );
  });

  it('rejects topic names the protocol cannot carry', async () => {
    await expect(control.createTopic('two words', 1)).rejects.toThrow(/invalid Kafka topic name/);
  });

  it('names the broker it runs', () => {
    expect(shared.kafka.brokers).toBe(shared.kafkaBrokers.length);
    expect(shared.kafka.version).toMatch(/^\d+\.\d+/);
  });
});

describe.skipIf(shared.kafka.kind !== 'apache-kafka')('Apache Kafka, three nodes of its own', () => {
  let stack: Devstack;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    stack = await startDevstack({ logger, postgresOf: shared, kafkaBrokerCount: 3 });
    kafka = client(stack);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await stack?.stop();
  });

  it('replicates every topic three times and needs two copies in sync to accept a write', async () => {
    const topic = uniqueTopic('replicated');
    await kafkaControl(stack).createTopic(topic, 3);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata?.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
      const configs = await admin.describeConfigs({
        resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['min.insync.replicas'] }],
        includeSynonyms: false,
      });
      expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('2');
    } finally {
      await admin.disconnect();
    }
    expect(stack.kafka).toEqual({ kind: 'apache-kafka', version: shared.kafka.version, brokers: 3 });
  });

  it('keeps taking acks=-1 writes with one broker of three SIGKILLed, and takes it back', async () => {
    // Controlled from the StackInfo alone, as another process would.
    const control = kafkaControl(plainStackInfo(stack));
    const topic = uniqueTopic('one-down');
    await control.createTopic(topic, 3);
    await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'before' }] });
    await control.stopBroker(2);
    try {
      await sendUntilAccepted(producer, topic, 30_000);
    } finally {
      await control.startBroker(2);
    }
    const admin = kafka.admin();
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    await admin.disconnect();
    expect(brokers.map((broker) => broker.nodeId).sort()).toEqual([1, 2, 3]);
    expect(await readAll(kafka, topic, 2)).toContain('before');
  });

  it('takes every broker down, which clients meet as refused connections, and up on the same data', async () => {
    const control = kafkaControl(plainStackInfo(stack));
    const topic = uniqueTopic('outage');
    await control.createTopic(topic, 2);
    await outageRoundTrip(control, producer, topic);
    expect(await readAll(kafka, topic, 2)).toContain('before');
  });
});

describe.skipIf(shared.source !== 'embedded')("librdkafka's mock, the fallback where no JVM runs", () => {
  let stack: Devstack;

  beforeAll(async () => {
    stack = await startDevstack({ logger, postgresOf: shared, embeddedKafka: 'librdkafka-mock' });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('creates topics, serves a consumer group, and goes down and up', async () => {
    expect(stack.kafka.kind).toBe('librdkafka-mock');
    const control = kafkaControl(stack);
    const kafka = client(stack);
    const topic = uniqueTopic('mock');
    await control.createTopics([{ name: topic, partitions: 2 }]);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await outageRoundTrip(control, producer, topic);
    } finally {
      await producer.disconnect();
    }
    expect(await readAll(kafka, topic, 2)).toContain('before');
  });
});
