import type { Kafka } from 'kafkajs';

/** How many distinct messages a topic holds, read with a fresh consumer group. */
export async function countDelivered(
  kafka: Kafka,
  topic: string,
  expected: number,
  idOf: (value: string) => string,
  quietMs = 15_000,
): Promise<number> {
  await assertNothingTrimmed(kafka, topic);
  const ids = new Set<string>();
  const consumer = kafka.consumer({ groupId: `bench-audit-${Date.now()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let lastGrowth = Date.now();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) if (message.value) ids.add(idOf(message.value.toString('utf8')));
      lastGrowth = Date.now();
    },
  });
  // Stop once every id arrived, or once nothing new arrived for a while (then some were lost).
  while (ids.size < expected && Date.now() - lastGrowth < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await consumer.disconnect();
  return ids.size;
}

/**
 * A broker whose retention already dropped the oldest records makes the count
 * meaningless: those records were delivered, but can no longer be read back.
 * Apache Kafka keeps a week by default, so this holds there unless a cluster is
 * set otherwise; librdkafka's mock keeps only the newest 5 MB of a partition.
 */
async function assertNothingTrimmed(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const trimmed = (await admin.fetchTopicOffsets(topic)).filter((partition) => partition.low !== '0');
    if (trimmed.length > 0) {
      const where = trimmed.map((partition) => `partition ${partition.partition} starts at ${partition.low}`);
      throw new Error(
        `broker retention dropped the oldest records of ${topic} (${where.join(', ')}), so the audit ` +
          "cannot count them; on librdkafka's mock (5 MB per partition) use more partitions or fewer events",
      );
    }
  } finally {
    await admin.disconnect();
  }
}
