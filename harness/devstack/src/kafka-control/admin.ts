import { setTimeout as sleep } from 'node:timers/promises';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { StackInfo } from '../types.js';
import { kafkaClientSecurity } from './client-security.js';
import { assertPartitions, assertTopicName, type TopicSpec } from './types.js';

function request(topic: TopicSpec) {
  return {
    topic: topic.name,
    numPartitions: topic.partitions,
    configEntries: Object.entries(topic.config ?? {}).map(([name, value]) => ({ name, value })),
  };
}

const leaderWaitMs = 30_000;

/**
 * Until every partition of `names` has a leader in the metadata. kafkajs's own
 * waitForLeaders gives up when the broker it asks has not heard of a new topic yet
 * (UNKNOWN_TOPIC_OR_PARTITION, a race on a cluster of several brokers); here that
 * answer, like a missing leader, just means "not yet".
 */
async function waitForLeaders(admin: Admin, names: readonly string[]): Promise<void> {
  const deadline = Date.now() + leaderWaitMs;
  let last = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      const leaderless = topics.flatMap((topic) =>
        topic.partitions
          .filter((partition) => partition.leader < 0)
          .map((p) => `${topic.name}/${p.partitionId}`),
      );
      if (topics.length === names.length && leaderless.length === 0) return;
      last = `no leader yet for ${leaderless.join(', ') || 'some topics'}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`topics ${names.join(', ')} have no leaders after ${leaderWaitMs} ms: ${last}`);
}

function alreadyExists(error: unknown): boolean {
  return JSON.stringify(error, Object.getOwnPropertyNames(error)).includes('TOPIC_ALREADY_EXISTS');
}

/**
 * Creates topics on a real Kafka in one request, with the cluster's default
 * replication; topics that already exist are success.
 */
export async function createTopicsWithAdmin(
  brokers: string[],
  topics: readonly TopicSpec[],
  security: Pick<StackInfo, 'kafkaSasl' | 'kafkaTlsCaFile'> = {},
): Promise<void> {
  for (const topic of topics) {
    assertTopicName(topic.name);
    assertPartitions(topic.partitions);
  }
  if (topics.length === 0) return;
  // Failures surface as exceptions; kafkajs' own logging would go to the console.
  const admin = new Kafka({
    clientId: 'sagaflow-devstack',
    brokers,
    logLevel: logLevel.NOTHING,
    ...kafkaClientSecurity(security),
  }).admin();
  await admin.connect();
  try {
    await createMissing(admin, topics);
    await waitForLeaders(
      admin,
      topics.map((topic) => topic.name),
    );
  } finally {
    await admin.disconnect();
  }
}

async function createMissing(admin: Admin, topics: readonly TopicSpec[]): Promise<void> {
  try {
    await admin.createTopics({ topics: topics.map(request), waitForLeaders: false });
  } catch (error) {
    if (!alreadyExists(error)) throw error;
    // Some existed; the request is all or nothing per topic, so the others may be missing still.
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length === 0) return;
    await admin
      .createTopics({ topics: missing.map(request), waitForLeaders: false })
      .catch((retryError: unknown) => {
        if (!alreadyExists(retryError)) throw retryError;
      });
  }
}

export function createTopicWithAdmin(brokers: string[], name: string, partitions: number): Promise<void> {
  return createTopicsWithAdmin(brokers, [{ name, partitions }]);
}
