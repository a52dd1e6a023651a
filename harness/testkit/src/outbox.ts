import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createDatabase, kafkaClientSecurity, type StackInfo, stackInfoToEnv } from '@sagaflow/devstack';
import {
  buildEnvelope,
  defaultGroupTiming,
  type Envelope,
  enqueue,
  migrateOutbox,
  type OutboxDatabase,
  type OutgoingMessage,
  readBacklogStats,
} from '@sagaflow/outbox';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';
import { uniqueName } from './names.js';
import { waitFor } from './wait.js';

export const testLogger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

export interface OutboxFixture {
  databaseUrl: string;
  pool: pg.Pool;
  db: OutboxDatabase;
  close(): Promise<void>;
}

/** A fresh database with the outbox schema, for one test file. */
export async function outboxDatabase(stack: StackInfo, name: string): Promise<OutboxFixture> {
  const databaseUrl = await createDatabase(stack, name);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const db = drizzle({ client: pool });
  await migrateOutbox(db);
  return { databaseUrl, pool, db, close: () => pool.end() };
}

export function kafkaClient(stack: StackInfo, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    ...kafkaClientSecurity(stack),
  });
}

export function message(
  topic: string,
  key: string,
  seq: number,
  payload: Record<string, unknown> = {},
): OutgoingMessage {
  return {
    topic,
    key,
    type: 'TestEvent',
    aggregateType: 'test',
    aggregateId: key,
    correlationId: `saga-${key}`,
    payload: { seq, ...payload },
  };
}

export async function enqueueCommitted(
  db: OutboxDatabase,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await enqueue(tx, messages);
  });
}

export interface ReceivedRecord {
  key: string;
  partition: number;
  offset: string;
  id: string;
  seq: number;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/**
 * Reads a topic from the beginning in a consumer group of its own and keeps every
 * record, duplicates included, so tests can count them.
 */
export async function recordTap(kafka: Kafka, topic: string) {
  const records: ReceivedRecord[] = [];
  const consumer = kafka.consumer({
    groupId: uniqueName('tap'),
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    // After a broker outage kafkajs restarts it as a new member, which waits out the old one.
    sessionTimeout: defaultGroupTiming.sessionTimeoutMs,
    heartbeatInterval: defaultGroupTiming.heartbeatIntervalMs,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message: record }) => {
      records.push(toReceived(partition, record));
    },
  });
  return {
    records,
    distinctIds: () => new Set(records.map((record) => record.id)),
    async waitForDistinct(count: number, timeoutMs = 60_000): Promise<void> {
      await waitFor(
        () => this.distinctIds().size >= count,
        timeoutMs,
        () => `${this.distinctIds().size}/${count} ids`,
      );
    },
    stop: () => consumer.disconnect(),
  };
}

function toReceived(partition: number, record: KafkaMessage): ReceivedRecord {
  const value = JSON.parse(record.value?.toString('utf8') ?? 'null') as Record<string, unknown>;
  const headers = Object.fromEntries(
    Object.entries(record.headers ?? {}).map(([name, v]) => [name, String(v)]),
  );
  const payload = value.payload as { seq?: number } | undefined;
  return {
    key: record.key?.toString('utf8') ?? '',
    partition,
    offset: record.offset,
    id: String(value.id),
    seq: payload?.seq ?? -1,
    headers,
    value,
  };
}

export async function waitForEmptyOutbox(db: OutboxDatabase, timeoutMs = 60_000): Promise<void> {
  let pending = -1;
  await waitFor(
    async () => {
      pending = (await readBacklogStats(db)).pending;
      return pending === 0;
    },
    timeoutMs,
    () => `${pending} rows still pending`,
  );
}

// The compiled CLI, as it ships (the integration tests' global setup builds it first).
const relayCli = fileURLToPath(new URL('../../../packages/outbox/dist/cli/relay.js', import.meta.url));

/** The standalone relay as a real OS process, so tests can SIGKILL it. */
export function spawnRelay(
  stack: StackInfo,
  databaseUrl: string,
  args: string[] = [],
): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, [relayCli, ...args], {
    env: { ...process.env, ...stackInfoToEnv(stack), DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return Object.assign(child, { output });
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** Resolves once the relay process logged that it started. */
export async function relayStarted(
  child: ChildProcess & { output: string[] },
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    () => child.output.join('').includes('relay started'),
    timeoutMs,
    () => child.output.join(''),
  );
}

/**
 * Makes envelopes of type TestEvent keyed by aggregate, with ids that count up in a
 * uuid-shaped `series` of 4 hex digits, so two test files never share an id.
 */
export function testEnvelopes(series: string): (key: string, payload?: unknown) => Envelope {
  let next = 0;
  return (key, payload = {}) => {
    next += 1;
    return buildEnvelope({
      id: `0193c0de-0000-7000-${series}-${next.toString().padStart(12, '0')}`,
      type: 'TestEvent',
      aggregateType: 'test',
      aggregateId: key,
      correlationId: `saga-${key}`,
      occurredAt: new Date(),
      payload,
    });
  };
}
