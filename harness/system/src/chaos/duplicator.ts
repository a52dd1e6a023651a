import { defaultGroupTiming } from '@sagaflow/outbox';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

export interface Duplicator {
  /** Records sent a second time. */
  readonly duplicated: number;
  stop(): Promise<void>;
}

/**
 * A hop that delivers some records twice: it reads the topics in a group of its
 * own and sends a `fraction` of the records again, verbatim (same key, value and
 * headers, so the same message id), as a producer retry or a replaying bridge would.
 */
export async function startDuplicator(options: {
  brokers: string[];
  topics: readonly string[];
  groupId: string;
  fraction: number;
  random: () => number;
  logger: Logger;
}): Promise<Duplicator> {
  const kafka = new Kafka({
    clientId: 'chaos-duplicator',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  // The services' session: after a broker outage this consumer rejoins as a new member
  // and waits out its old one, 6 s rather than kafkajs's 30 s without duplicating.
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: defaultGroupTiming.sessionTimeoutMs,
    heartbeatInterval: defaultGroupTiming.heartbeatIntervalMs,
  });
  let duplicated = 0;
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (options.random() >= options.fraction) return;
      try {
        await producer.send({
          topic,
          messages: [{ key: message.key, value: message.value, headers: message.headers ?? {} }],
        });
        duplicated += 1;
      } catch (error) {
        // A duplicate that cannot be sent (the broker is down) is simply not sent.
        options.logger.debug({ err: error, topic }, 'duplicate not sent');
      }
    },
  });
  return {
    get duplicated() {
      return duplicated;
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
