import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** What the group committed per partition; kafkajs says '-1' where it committed nothing. */
export type CommittedOffsets = readonly {
  topic: string;
  partitions: readonly { partition: number; offset: string }[];
}[];

/** Each topic's partitions with their earliest (`low`) and next (`high`) offsets. */
export type TopicEnds = readonly {
  topic: string;
  partitions: readonly { partition: number; low: string; high: string }[];
}[];

/**
 * Pure: messages each partition holds past the group's committed offset. Where the
 * group committed nothing it starts from the earliest offset, so all of them count.
 */
export function consumerLag(committed: CommittedOffsets, ends: TopicEnds): PartitionLag[] {
  const committedAt = new Map<string, bigint>();
  for (const { topic, partitions } of committed) {
    for (const { partition, offset } of partitions) {
      if (offset !== '-1') committedAt.set(`${topic}/${partition}`, BigInt(offset));
    }
  }
  return ends.flatMap(({ topic, partitions }) =>
    partitions.map(({ partition, low, high }) => {
      const from = committedAt.get(`${topic}/${partition}`) ?? BigInt(low);
      const lag = BigInt(high) - from;
      return { topic, partition, lag: Number(lag > 0n ? lag : 0n) };
    }),
  );
}

export interface ConsumerLagSource {
  admin: Admin;
  groupId: string;
  /** As on the wire, prefix included. */
  topics: readonly string[];
  logger: Logger;
  timeoutMs?: number;
}

/**
 * `sagaflow_consumer_lag` per topic and partition, read from the broker at scrape
 * time: the high watermark against the group's committed offset. It shows a
 * consumer that has stopped, which a figure kept by the consumer itself could not.
 * A broker that does not answer in time leaves the gauge without samples for that
 * scrape; the rest of the scrape is unaffected.
 */
export function registerConsumerLag(registry: Registry, source: ConsumerLagSource): void {
  const timeoutMs = source.timeoutMs ?? 2_000;
  new Gauge({
    name: 'sagaflow_consumer_lag',
    help: 'Messages in a partition past the consumer group’s committed offset',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const lags = await withTimeout(readLag(source), timeoutMs);
        for (const { topic, partition, lag } of lags) this.set({ topic, partition: String(partition) }, lag);
      } catch (error) {
        source.logger.debug({ err: error }, 'consumer lag not read for this scrape');
      }
    },
  });
}

async function readLag({ admin, groupId, topics }: ConsumerLagSource): Promise<PartitionLag[]> {
  const [committed, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [...topics] }),
    Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
  ]);
  return consumerLag(committed, ends);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
