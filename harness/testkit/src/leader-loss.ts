import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaControl, kafkaControl, type StackInfo } from '@sagaflow/devstack';
import { createRelayProducer, deadLetters, Relay } from '@sagaflow/outbox';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { uniqueName } from './names.js';
import { firstDeliveryOrderPerKey } from './ordering.js';
import {
  enqueueCommitted,
  kafkaClient,
  message,
  type OutboxFixture,
  type ReceivedRecord,
  recordTap,
  waitForEmptyOutbox,
} from './outbox.js';
import { waitFor } from './wait.js';

export interface LeaderLossOptions {
  /** A cluster of three brokers whose faults this process controls. */
  stack: StackInfo;
  fixture: OutboxFixture;
  logger: Logger;
  /** -1 (the relay's own) or 1: acknowledged once the leader alone has the record, which is unsafe. */
  acks: -1 | 1;
  messages?: number;
  keys?: number;
  partitions?: number;
  /** SIGKILL the leader once this share of the stream is enqueued. */
  killAt?: number;
}

export interface LeaderLossResult {
  messages: number;
  keys: number;
  acks: -1 | 1;
  /** The node that led every partition when it was killed. */
  killedLeader: number;
  /** Committed to the outbox and acknowledged by the broker, but never readable from the topic. */
  lost: number;
  duplicates: number;
  /** Keys whose messages were first delivered out of their order. */
  keysOutOfOrder: string[];
  deadLettered: number;
  /** Longest time without an ack around the kill. */
  longestAckGapMs: number;
  outages: number;
  durationMs: number;
}

/**
 * The relay under a real leader loss: a topic whose partitions all have node 1 as
 * leader and nodes 2 and 3 as followers, a steady stream of outbox messages over
 * many keys, and node 1 SIGKILLed in the middle of it. Every message is then read
 * back from the topic and compared with what the relay saw acknowledged.
 */
export async function runLeaderLoss(options: LeaderLossOptions): Promise<LeaderLossResult> {
  const { stack, fixture, logger, acks } = options;
  const total = options.messages ?? 10_000;
  const keyCount = options.keys ?? 100;
  const partitions = options.partitions ?? 6;
  const control = kafkaControl(stack);
  const kafka = kafkaClient(stack, uniqueName('leader-loss'));
  const topic = uniqueName('leader-loss');
  const leader = 1;
  await createLedTopic(kafka, topic, partitions, leader);
  const tap = await recordTap(kafka, topic);
  const acked = new Set<string>();
  const ackTimes: number[] = [];
  const base = createRelayProducer(kafka);
  const relay = new Relay({
    pool: fixture.pool,
    producer: acks === -1 ? base : withAcks(base, acks),
    logger,
    onPublished: (published, ackedAt) => {
      for (const row of published) acked.add(row.id);
      ackTimes.push(ackedAt);
    },
  });
  const started = Date.now();
  await relay.start();
  let restored: Promise<void> | undefined;
  try {
    const perTransaction = 10;
    const killAfter = Math.floor(total * (options.killAt ?? 0.3));
    for (let seq = 0; seq < total; seq += perTransaction) {
      await enqueueCommitted(
        fixture.db,
        Array.from({ length: perTransaction }, (_, i) =>
          message(topic, `k${(seq + i) % keyCount}`, Math.floor((seq + i) / keyCount)),
        ),
      );
      if (seq === killAfter) restored = killAndRestore(control, leader, logger);
      await sleep(5);
    }
    await restored;
    await waitForEmptyOutbox(fixture.db, 180_000);
    await waitUntilRead(kafka, topic, tap.records, 120_000);
  } finally {
    await relay.stop();
    await tap.stop();
  }
  const received = tap.distinctIds();
  const keysOutOfOrder = [...firstDeliveryOrderPerKey(tap.records)]
    .filter(([, seqs]) => seqs.some((seq, index) => index > 0 && seq < (seqs[index - 1] as number)))
    .map(([key]) => key);
  const gaps = ackTimes.slice(1).map((at, index) => at - (ackTimes[index] as number));
  return {
    messages: total,
    keys: keyCount,
    acks,
    killedLeader: leader,
    lost: [...acked].filter((id) => !received.has(id)).length + (total - acked.size),
    duplicates: tap.records.length - received.size,
    keysOutOfOrder,
    deadLettered: (await fixture.db.select().from(deadLetters)).length,
    longestAckGapMs: Math.max(0, ...gaps),
    outages: relay.metrics().outages,
    durationMs: Date.now() - started,
  };
}

/** Every partition led by `leader`, followed by the two other nodes; two must be in sync to write. */
async function createLedTopic(
  kafka: ReturnType<typeof kafkaClient>,
  topic: string,
  partitions: number,
  leader: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const followers = [1, 2, 3].filter((node) => node !== leader);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          replicaAssignment: Array.from({ length: partitions }, (_, partition) => ({
            partition,
            replicas: [leader, ...followers],
          })),
        },
      ],
    });
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const leaders = new Set(metadata?.partitions.map((p) => p.leader));
    if (leaders.size !== 1 || !leaders.has(leader)) {
      throw new Error(`expected node ${leader} to lead every partition of ${topic}, got [${[...leaders]}]`);
    }
  } finally {
    await admin.disconnect();
  }
}

/** SIGKILL the leader; start it again 10 s later, as an operator would, while the stream goes on. */
async function killAndRestore(control: KafkaControl, node: number, logger: Logger): Promise<void> {
  await control.stopBroker(node);
  logger.info({ node }, 'leader SIGKILLed');
  await sleep(10_000);
  await control.startBroker(node);
  logger.info({ node }, 'former leader back');
}

/** Overrides the relay's acks=-1; kafkajs refuses acks=1 for an idempotent producer, so pass a plain one. */
function withAcks(producer: Producer, acks: 1): Producer {
  return { ...producer, sendBatch: (batch) => producer.sendBatch({ ...batch, acks }) };
}

/** Until the tap has read every record the topic holds, up to each partition's high watermark. */
async function waitUntilRead(
  kafka: ReturnType<typeof kafkaClient>,
  topic: string,
  records: readonly ReceivedRecord[],
  timeoutMs: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const unread = () =>
      ends.filter(({ partition, high }) => {
        const last = BigInt(high) - 1n;
        return last >= 0n && !records.some((r) => r.partition === partition && BigInt(r.offset) >= last);
      });
    await waitFor(
      () => unread().length === 0,
      timeoutMs,
      () => `partitions not read to their end: ${unread().map((end) => `${end.partition}@${end.high}`)}`,
    );
  } finally {
    await admin.disconnect();
  }
}
