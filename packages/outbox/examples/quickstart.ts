/**
 * The outbox end to end, on your Postgres and Kafka: an order and its OrderPlaced
 * message commit together, the relay publishes the message, and an inbox consumer
 * handles it once, in a transaction of its own.
 *
 *   DATABASE_URL=postgres://… KAFKA_BROKERS=localhost:9092 node quickstart.js
 */
import { randomUUID } from 'node:crypto';
import {
  createRelayProducer,
  type Envelope,
  enqueue,
  InboxConsumer,
  migrateOutbox,
  Relay,
} from '@sagaflow/outbox';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';

const topic = process.env.TOPIC ?? 'orders.events';
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const db = drizzle({ client: pool });
const kafka = new Kafka({
  clientId: 'quickstart',
  brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),
  logLevel: logLevel.WARN,
});

// The outbox's tables (outbox, inbox, dead letters) beside the application's own.
await migrateOutbox(db);
await db.execute(sql`create table if not exists orders (id uuid primary key, total integer not null)`);
await db.execute(sql`create table if not exists shipments (order_id uuid primary key)`);
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
await admin.disconnect();

// The order and its message in one transaction: both are committed, or neither.
const orderId = randomUUID();
await db.transaction(async (tx) => {
  await tx.execute(sql`insert into orders (id, total) values (${orderId}, 42)`);
  await enqueue(tx, {
    topic,
    type: 'OrderPlaced',
    aggregateType: 'order',
    aggregateId: orderId,
    // The saga or workflow the message belongs to; its follow-ups carry it on.
    correlationId: orderId,
    payload: { orderId, total: 42 },
  });
});

// The relay publishes what committed, in order per aggregate.
const relay = new Relay({ pool, producer: createRelayProducer(kafka), logger });
await relay.start();

// The consumer records each message in its inbox in the transaction of the handler's
// writes (here a shipment): a redelivered message is recognised there, not handled twice.
let delivered: (envelope: Envelope) => void = () => undefined;
const received = new Promise<Envelope>((resolve) => {
  delivered = resolve;
});
const consumer = new InboxConsumer({
  kafka,
  db,
  groupId: `quickstart-${topic}`,
  topics: [topic],
  logger,
  handle: async ({ envelope }, tx) => {
    await tx.execute(sql`insert into shipments (order_id) values (${envelope.aggregateId})`);
    if (envelope.aggregateId === orderId) delivered(envelope);
  },
});
await consumer.start();

const envelope = await received;
process.stdout.write(`received ${envelope.type} for order ${envelope.aggregateId}\n`);
await consumer.stop();
await relay.stop();
await pool.end();
