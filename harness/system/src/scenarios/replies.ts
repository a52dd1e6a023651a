import { topics } from '@sagaflow/contracts';
import { type IHeaders, Kafka, logLevel } from 'kafkajs';

/** A record as it sits on the topic, so it can be produced again byte for byte. */
export interface RawRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

function kafkaFor(brokers: string[]): Kafka {
  return new Kafka({ clientId: `system-replay-${process.pid}`, brokers, logLevel: logLevel.NOTHING });
}

/** Every record on `<prefix>order.saga-replies`, read from the beginning up to the current end. */
export async function readSagaReplies(brokers: string[], topicPrefix: string): Promise<RawRecord[]> {
  const kafka = kafkaFor(brokers);
  const topic = topicPrefix + topics.orderSagaReplies;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends.filter((end) => end.high !== end.low).map((end) => [end.partition, BigInt(end.high)]),
  );
  const records: RawRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `system-replay-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}: not read to its end within 30 s`)), 30_000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            records.push({
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              headers: message.headers ?? {},
            });
            const end = remaining.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Produces the records again, unchanged: to the consumers they are redeliveries. */
export async function republish(brokers: string[], topicPrefix: string, records: RawRecord[]): Promise<void> {
  const producer = kafkaFor(brokers).producer();
  await producer.connect();
  try {
    for (const record of records) {
      await producer.send({
        topic: topicPrefix + topics.orderSagaReplies,
        acks: -1,
        messages: [
          { partition: record.partition, key: record.key, value: record.value, headers: record.headers },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** True once `groupId` has committed every partition of the replies topic up to its end. */
export async function caughtUp(brokers: string[], topicPrefix: string, groupId: string): Promise<boolean> {
  const admin = kafkaFor(brokers).admin();
  await admin.connect();
  try {
    const topic = topicPrefix + topics.orderSagaReplies;
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    return ends.every((end) => end.high === end.low || (at.get(end.partition) ?? -1n) >= BigInt(end.high));
  } finally {
    await admin.disconnect();
  }
}
