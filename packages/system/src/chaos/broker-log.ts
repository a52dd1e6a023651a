import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/**
 * Every message id on `topics`, read from the beginning to each partition's end as
 * it stood when called. Ids come from the `message-id` header the relay sets, or
 * from the envelope for records without it.
 */
export async function readMessageIds(
  brokers: string[],
  topics: readonly string[],
  timeoutMs = 120_000,
): Promise<Set<string>> {
  const kafka = new Kafka({ clientId: 'chaos-audit', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const partition of await admin.fetchTopicOffsets(topic)) {
        const end = BigInt(partition.high);
        if (end > BigInt(partition.low)) remaining.set(`${topic}/${partition.partition}`, end);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const ids = new Set<string>();
  if (remaining.size === 0) return ids;
  const consumer = kafka.consumer({ groupId: `chaos-audit-${uuidv7()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`reading the topics took over ${timeoutMs} ms; ${remaining.size} partitions left`),
          ),
        timeoutMs,
      );
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const id = message.headers?.['message-id']?.toString() ?? envelopeId(message.value);
            if (id) ids.add(id);
          }
          const where = `${batch.topic}/${batch.partition}`;
          const end = remaining.get(where);
          if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(where);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return ids;
}

function envelopeId(value: Buffer | null): string | undefined {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? 'null') as { id?: unknown } | null;
    return typeof parsed?.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
