import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/** A message as the broker holds it, read from its envelope. */
export interface LoggedMessage {
  type: string;
  causationId: string | null;
}

/**
 * Every message on `topics`, by id, read from the beginning to each partition's end
 * as it stood when called. Records that are not envelopes are left out.
 */
export async function readBrokerLog(
  brokers: string[],
  topics: readonly string[],
  timeoutMs = 120_000,
): Promise<Map<string, LoggedMessage>> {
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
  const messages = new Map<string, LoggedMessage>();
  if (remaining.size === 0) return messages;
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
            const envelope = readEnvelope(message.value);
            if (envelope)
              messages.set(envelope.id, { type: envelope.type, causationId: envelope.causationId });
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
  return messages;
}

function readEnvelope(
  value: Buffer | null,
): { id: string; type: string; causationId: string | null } | undefined {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? 'null') as Record<string, unknown> | null;
    if (typeof parsed?.id !== 'string' || typeof parsed.type !== 'string') return undefined;
    return {
      id: parsed.id,
      type: parsed.type,
      causationId: typeof parsed.causationId === 'string' ? parsed.causationId : null,
    };
  } catch {
    return undefined;
  }
}
