/**
 * One consumer-group member for restart-time.ts: an InboxConsumer, as the services
 * run it, in a process of its own so that it can be SIGKILLed. Prints `joined <ms>`
 * when it gets partitions and `handled <ms>` for every message; SIGTERM stops it
 * cleanly (the consumer leaves the group), then it exits.
 */

import { InboxConsumer } from '@sagaflow/outbox';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';

export interface MemberTask {
  databaseUrl: string;
  brokers: string[];
  topic: string;
  groupId: string;
  sessionTimeoutMs: number;
}

const task = JSON.parse(process.argv[2] ?? '{}') as MemberTask;
const pool = new pg.Pool({ connectionString: task.databaseUrl, max: 4 });
const kafka = new Kafka({ clientId: 'restart-member', brokers: task.brokers, logLevel: logLevel.NOTHING });
const consumer = new InboxConsumer({
  kafka,
  db: drizzle({ client: pool }),
  groupId: task.groupId,
  topics: [task.topic],
  logger: pino({ level: 'warn' }, pino.destination(2)),
  groupTiming: { sessionTimeoutMs: task.sessionTimeoutMs, heartbeatIntervalMs: 1_000 },
  partitionsConsumedConcurrently: 12,
  handle: async () => {
    process.stdout.write(`handled ${Date.now()}\n`);
  },
});
consumer.kafkaConsumer.on(consumer.kafkaConsumer.events.GROUP_JOIN, () => {
  process.stdout.write(`joined ${Date.now()}\n`);
});
process.once('SIGTERM', () => {
  void consumer.stop().then(() => process.exit(0));
});
process.stdout.write(`connecting ${Date.now()}\n`);
await consumer.start();
