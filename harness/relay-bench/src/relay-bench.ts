/**
 * pnpm bench:relay [--json] [--events N] [--rate N] [--seconds N]
 *
 * Measures the outbox relay against the polling relay of the usual write-ups, in one
 * run on one stack: backlog drain throughput, and commit→broker-ack latency at a
 * steady offered load. Prints a table; with --json the last line is one JSON object.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createDatabase, describeKafka, kafkaControl, startDevstack } from '@sagaflow/devstack';
import { createRelayProducer, enqueue, migrateOutbox, type OutgoingMessage, Relay } from '@sagaflow/outbox';
import { siblingEntry } from '@sagaflow/testkit';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { BaselineRelay, baselineTableSql } from './baseline-relay.js';
import { countDelivered } from './delivered.js';
import type { LoadWriterTask } from './load-writer.js';
import { percentile, round } from './stats.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    events: { type: 'string', default: '50000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    // Load offered, and not measured, before the latency window: JIT, connection pools.
    warmup: { type: 'string', default: '3' },
    keys: { type: 'string', default: '1000' },
    // For profiling the relay alone; the JSON then has no baseline.
    'relay-only': { type: 'boolean', default: false },
  },
});
const backlog = Number(args.events);
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const warmupSeconds = Number(args.warmup);
// librdkafka's mock keeps only 5 MB per partition; 12 keep a full run's ~30 MB whole there.
const topicPartitions = 12;
const keyCount = Number(args.keys);
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Result {
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
}

const stack = await startDevstack({ logger });
const databaseUrl = await createDatabase(stack, 'bench_relay');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 40 });
const db = drizzle({ client: pool });
const kafka = new Kafka({ clientId: 'bench', brokers: stack.kafkaBrokers, logLevel: logLevel.NOTHING });
const control = kafkaControl(stack);

try {
  await migrateOutbox(db);
  await pool.query(baselineTableSql);
  const relayResult = await measureRelay();
  const baselineResult = args['relay-only'] ? undefined : await measureBaseline();
  report(relayResult, baselineResult);
} finally {
  await pool.end();
  await stack.stop();
}

function event(topic: string, index: number): OutgoingMessage {
  const key = `order-${index % keyCount}`;
  return {
    topic,
    key,
    type: 'BenchEvent',
    aggregateType: 'order',
    aggregateId: key,
    correlationId: key,
    payload: { index, sku: 'SKU-1', quantity: 1 },
  };
}

async function measureRelay(): Promise<Result & { deadTuples: DeadTuples }> {
  const topic = `bench-relay-${Date.now()}`;
  await control.createTopic(topic, topicPartitions);
  progress(`relay: committing a backlog of ${backlog} events`);
  for (let start = 0; start < backlog; start += 1000) {
    await db.transaction(async (tx) => {
      const batch = Array.from({ length: Math.min(1000, backlog - start) }, (_, i) =>
        event(topic, start + i),
      );
      await enqueue(tx, batch);
    });
  }
  const committedAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  let acked = 0;
  const relay = new Relay({
    pool,
    producer: createRelayProducer(kafka),
    logger,
    onPublished: (messages, at) => {
      acked += messages.length;
      for (const message of messages) ackedAt.set(message.id, at);
    },
  });
  const drainStart = performance.now();
  await relay.start();
  await until(() => acked >= backlog);
  const eventsPerSec = backlog / ((performance.now() - drainStart) / 1000);
  const deadTuples = await readDeadTuples();
  // The latency phase starts from a settled table, not from the drain's last vacuum.
  await pool.query('VACUUM outbox');
  progress(
    `relay: drained at ${Math.round(eventsPerSec)} events/s; now ${rate} events/s for ${warmupSeconds} s warm-up + ${seconds} s measured`,
  );

  const clients = await runClients('outbox', topic);
  for (const [id, at] of clients) committedAt.set(id, at);
  await until(() => [...committedAt.keys()].every((id) => ackedAt.has(id)));
  await relay.stop();
  return { ...(await summarize(topic, eventsPerSec, clients, ackedAt)), deadTuples };
}

async function measureBaseline(): Promise<Result> {
  const topic = `bench-baseline-${Date.now()}`;
  await control.createTopic(topic, topicPartitions);
  progress(`baseline: committing a backlog of ${backlog} events`);
  const insert = async (client: pg.PoolClient | pg.Pool, ids: string[], offset: number) => {
    const rows = ids.map((_, i) => event(topic, offset + i));
    await client.query(
      `insert into baseline_outbox (id, topic, key, payload)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        ids,
        rows.map((row) => row.topic),
        rows.map((row) => row.key),
        rows.map((row) => JSON.stringify(row.payload)),
      ],
    );
  };
  for (let start = 0; start < backlog; start += 1000) {
    const ids = Array.from({ length: Math.min(1000, backlog - start) }, () => uuidv7());
    await insert(pool, ids, start);
  }
  const committedAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  let acked = 0;
  const baseline = new BaselineRelay(pool, kafka.producer({ maxInFlightRequests: 1 }), (id, at) => {
    acked += 1;
    ackedAt.set(id, at);
  });
  const drainStart = performance.now();
  await baseline.start();
  await until(() => acked >= backlog);
  const eventsPerSec = backlog / ((performance.now() - drainStart) / 1000);
  progress(
    `baseline: drained at ${Math.round(eventsPerSec)} events/s; now ${rate} events/s for ${warmupSeconds} s warm-up + ${seconds} s measured`,
  );

  const clients = await runClients('baseline', topic);
  for (const [id, at] of clients) committedAt.set(id, at);
  await until(() => [...committedAt.keys()].every((id) => ackedAt.has(id)), 600_000);
  await baseline.stop();
  return summarize(topic, eventsPerSec, clients, ackedAt);
}

interface DeadTuples {
  dead: number;
  live: number;
  sizeKb: number;
}

async function readDeadTuples(): Promise<DeadTuples> {
  // Table statistics reach the cumulative stats system up to a second late.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const { rows } = await pool.query<{ dead: string; live: string; size: string }>(
    `select n_dead_tup as dead, n_live_tup as live, pg_total_relation_size('outbox') as size
     from pg_stat_user_tables where relname = 'outbox'`,
  );
  const row = rows[0];
  return {
    dead: Number(row?.dead ?? 0),
    live: Number(row?.live ?? 0),
    sizeKb: Math.round(Number(row?.size ?? 0) / 1024),
  };
}

/** Latencies from commit to ack, and how many committed events the topic lacks. */
async function summarize(
  topic: string,
  eventsPerSec: number,
  clients: ReadonlyArray<[string, number, boolean]>,
  ackedAt: Map<string, number>,
): Promise<Result> {
  const latencies = clients
    .filter(([, , measured]) => measured)
    .map(([id, at]) => (ackedAt.get(id) ?? Number.NaN) - at);
  const expected = backlog + clients.length;
  const delivered = await countDelivered(
    kafka,
    topic,
    expected,
    (value) => (JSON.parse(value) as { id: string }).id,
  );
  return {
    eventsPerSec,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    lost: expected - delivered,
  };
}

/** Runs the clients in a child process, so they do not share the relay's event loop. */
async function runClients(
  target: 'outbox' | 'baseline',
  topic: string,
): Promise<Array<[string, number, boolean]>> {
  const task: LoadWriterTask = {
    databaseUrl: databaseUrl,
    target,
    topic,
    rate,
    seconds,
    warmupSeconds,
    keyCount,
    firstIndex: backlog,
  };
  const writer = siblingEntry(import.meta.url, 'load-writer');
  const child = fork(writer.entry, [JSON.stringify(task)], { execArgv: writer.execArgv });
  const [committed] = (await once(child, 'message')) as [Array<[string, number, boolean]>];
  return committed;
}

async function until(condition: () => boolean, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('benchmark phase timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function report(relay: Result & { deadTuples: DeadTuples }, measured: Result | undefined): void {
  const baseline = measured ?? {
    eventsPerSec: Number.NaN,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    lost: Number.NaN,
  };
  const rows: Array<[string, string, string]> = [
    [
      'drain throughput (events/s)',
      `${Math.round(relay.eventsPerSec)}`,
      `${Math.round(baseline.eventsPerSec)}`,
    ],
    [`commit→ack p50 at ${rate}/s (ms)`, `${round(relay.p50Ms)}`, `${round(baseline.p50Ms)}`],
    [`commit→ack p99 at ${rate}/s (ms)`, `${round(relay.p99Ms)}`, `${round(baseline.p99Ms)}`],
    ['lost', `${relay.lost}`, `${baseline.lost}`],
  ];
  const lines = [
    `stack: ${stack.source} (Postgres ${stack.databaseUrl.replace(/\/\/[^@]*@/, '//')}, Kafka ${describeKafka(stack.kafka)} at ${stack.kafkaBrokers.join(',')})`,
    '',
    `${'metric'.padEnd(34)}${'relay'.padStart(12)}${'baseline'.padStart(12)}`,
    ...rows.map(([name, a, b]) => `${name.padEnd(34)}${a.padStart(12)}${b.padStart(12)}`),
    '',
    `throughput ratio relay/baseline: ${round(relay.eventsPerSec / baseline.eventsPerSec)}x`,
    `outbox table after draining ${backlog}: ${relay.deadTuples.dead} dead tuples, ${relay.deadTuples.live} live, ${relay.deadTuples.sizeKb} kB`,
  ];
  console.log(lines.join('\n'));
  if (args.json) {
    const pick = ({ eventsPerSec, p50Ms, p99Ms, lost }: Result) => ({
      eventsPerSec: Math.round(eventsPerSec),
      p50Ms: round(p50Ms, 2),
      p99Ms: round(p99Ms, 2),
      lost,
    });
    console.log(
      JSON.stringify({
        kafka: stack.kafka,
        relay: pick(relay),
        baseline: measured ? pick(measured) : null,
        ratio: round(relay.eventsPerSec / baseline.eventsPerSec, 2),
      }),
    );
  }
}
