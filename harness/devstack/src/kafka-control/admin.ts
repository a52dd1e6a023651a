import { Kafka, logLevel } from 'kafkajs';
import { assertPartitions, assertTopicName, type TopicSpec } from './types.js';

function request(topic: TopicSpec) {
  return {
    topic: topic.name,
    numPartitions: topic.partitions,
    configEntries: Object.entries(topic.config ?? {}).map(([name, value]) => ({ name, value })),
  };
}

function alreadyExists(error: unknown): boolean {
  return JSON.stringify(error, Object.getOwnPropertyNames(error)).includes('TOPIC_ALREADY_EXISTS');
}

/**
 * Creates topics on a real Kafka in one request, with the cluster's default
 * replication; topics that already exist are success.
 */
export async function createTopicsWithAdmin(brokers: string[], topics: readonly TopicSpec[]): Promise<void> {
  for (const topic of topics) {
    assertTopicName(topic.name);
    assertPartitions(topic.partitions);
  }
  if (topics.length === 0) return;
  // Failures surface as exceptions; kafkajs' own logging would go to the console.
  const admin = new Kafka({ clientId: 'sagaflow-devstack', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map(request),
      waitForLeaders: true,
    });
  } catch (error) {
    if (!alreadyExists(error)) throw error;
    // Some existed; the request is all or nothing per topic, so the others may be missing still.
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin
        .createTopics({
          topics: missing.map(request),
          waitForLeaders: true,
        })
        .catch((retryError: unknown) => {
          if (!alreadyExists(retryError)) throw retryError;
        });
    }
  } finally {
    await admin.disconnect();
  }
}

export function createTopicWithAdmin(brokers: string[], name: string, partitions: number): Promise<void> {
  return createTopicsWithAdmin(brokers, [{ name, partitions }]);
}
