/**
 * pnpm demo — until the saga lands, a smoke run of the local stack and the outbox:
 * one transaction commits three events, another rolls back, the relay publishes,
 * an inbox consumer handles each committed event once. Exits 0 only if it all holds.
 */
import { createDatabase, kafkaControl, startDevstack } from '@sagaflow/devstack';
import {
  createRelayProducer,
  enqueue,
  InboxConsumer,
  migrateOutbox,
  type OutgoingMessage,
  Relay,
} from '@sagaflow/outbox';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
const say = (line: string) => console.log(line);

const stack = await startDevstack({ logger });
say(`local stack (${stack.source}) up in ${stack.startupMs} ms`);
const pool = new pg.Pool({ connectionString: await createDatabase(stack, 'demo_outbox') });
const db = drizzle({ client: pool });
const kafka = new Kafka({ clientId: 'demo', brokers: stack.kafkaBrokers, logLevel: logLevel.NOTHING });
const topic = 'demo.orders';
let ok = false;

try {
  await migrateOutbox(db);
  await kafkaControl(stack).createTopic(topic, 3);
  const relay = new Relay({ pool, producer: createRelayProducer(kafka), logger });
  const handled: string[] = [];
  const consumer = new InboxConsumer({
    kafka,
    db,
    groupId: 'demo',
    topics: [topic],
    logger,
    handle: async ({ envelope }) => {
      handled.push(envelope.type);
      say(`  consumed ${envelope.type} for ${envelope.aggregateId} (message ${envelope.id})`);
    },
  });
  await relay.start();
  await consumer.start();

  const event = (type: string): OutgoingMessage => ({
    topic,
    type,
    aggregateType: 'order',
    aggregateId: 'order-1',
    correlationId: 'order-1',
    payload: { note: `demo ${type}` },
  });
  const committedAt = Date.now();
  await db.transaction((tx) =>
    enqueue(tx, [event('OrderCreated'), event('OrderPaid'), event('OrderShipped')]),
  );
  say('committed a transaction with 3 events');
  await db
    .transaction(async (tx) => {
      await enqueue(tx, event('OrderLost'));
      throw new Error('rolled back on purpose');
    })
    .catch(() => say('rolled back a transaction with 1 event'));

  const deadline = Date.now() + 30_000;
  while (handled.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  say(
    `relay published ${relay.metrics().published} events; all consumed ${Date.now() - committedAt} ms after commit (the consumer was still joining its group)`,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  await consumer.stop();
  await relay.stop();
  ok = handled.join(',') === 'OrderCreated,OrderPaid,OrderShipped';
  say(
    ok
      ? 'ok: every committed event arrived once, in order; the rolled-back one never did'
      : `FAILED: consumed ${handled}`,
  );
} finally {
  await pool.end();
  await stack.stop();
}
process.exit(ok ? 0 : 1);
