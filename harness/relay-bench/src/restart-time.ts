/**
 * pnpm bench:restart [--json] [--rounds N] [--session-timeouts 10000,6000] [--brokers N]
 *
 * How long a consumer group leaves a member's partitions unconsumed when that
 * member's process dies and is started again at once. A steady stream flows into a
 * 12-partition topic; one InboxConsumer process (bench/consumer-member.ts) consumes
 * it. Each round kills it (SIGKILL, or SIGTERM and a clean leave) and starts a new
 * one; measured is the time from the signal to the new process's first handled
 * message, split into the process start (until it connects) and the group's wait
 * (until it has partitions). Last, the broker itself is SIGKILLed for 5 s, and the
 * time from its return to the next handled message is measured. Every variant runs
 * once per session timeout, in one run, on the same stack.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createDatabase, kafkaControl, startDevstack } from '@sagaflow/devstack';
import { buildEnvelope, encodeEnvelope, migrateOutbox } from '@sagaflow/outbox';
import { siblingEntry } from '@sagaflow/testkit';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { MemberTask } from './consumer-member.js';
import { percentile, round } from './stats.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    'session-timeouts': { type: 'string', default: '10000,6000' },
    brokers: { type: 'string', default: '1' },
    'outage-ms': { type: 'string', default: '5000' },
  },
});
const rounds = Number(args.rounds);
const sessionTimeouts = String(args['session-timeouts']).split(',').map(Number);
const outageMs = Number(args['outage-ms']);
const progress = (line: string) => process.stderr.write(`${line}\n`);
const memberEntry = siblingEntry(import.meta.url, 'consumer-member');

interface Member {
  child: ChildProcess;
  spawnedAt: number;
  connectedAt?: number;
  joinedAt?: number;
  handledAt: number[];
}

function startMember(task: MemberTask): Member {
  const child = spawn(process.execPath, [...memberEntry.execArgv, memberEntry.entry, JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const member: Member = { child, spawnedAt: Date.now(), handledAt: [] };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const [word, at] = line.split(' ');
    if (word === 'connecting') member.connectedAt ??= Number(at);
    if (word === 'joined') member.joinedAt ??= Number(at);
    if (word === 'handled') member.handledAt.push(Number(at));
  });
  return member;
}

async function handledAfter(member: Member, since: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const at = member.handledAt.find((time) => time >= since);
    if (at !== undefined) return at;
    if (Date.now() > deadline) throw new Error(`no message handled within ${timeoutMs} ms`);
    await sleep(10);
  }
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

interface Round {
  totalMs: number;
  processStartMs: number;
  groupWaitMs: number;
}

const stack = await startDevstack({
  logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  kafkaBrokerCount: Number(args.brokers),
});
const databaseUrl = await createDatabase(stack, 'bench_restart');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
await migrateOutbox(drizzle({ client: pool }));
await pool.end();
const topic = `restart-${Date.now().toString(36)}`;
const control = kafkaControl(stack);
await control.createTopic(topic, 12);
const kafka = new Kafka({
  clientId: 'bench-restart',
  brokers: stack.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
let producing = true;
const stream = (async () => {
  for (let seq = 0; producing; seq++) {
    const key = `k${seq % 48}`;
    const envelope = buildEnvelope({
      id: uuidv7(),
      type: 'RestartProbe',
      aggregateType: 'probe',
      aggregateId: key,
      correlationId: key,
      occurredAt: new Date(),
      payload: { seq },
    });
    await producer
      .send({ topic, messages: [{ key, value: encodeEnvelope(envelope) }] })
      .catch(() => undefined);
    await sleep(20);
  }
})();

const results: Record<string, { kill: Round[]; term: Round[]; outageRecoveryMs: number }> = {};
for (const sessionTimeoutMs of sessionTimeouts) {
  const task: MemberTask = {
    databaseUrl,
    brokers: stack.kafkaBrokers,
    topic,
    groupId: `restart-${sessionTimeoutMs}-${Date.now().toString(36)}`,
    sessionTimeoutMs,
  };
  let member = startMember(task);
  await handledAfter(member, 0);
  const measure = async (signal: NodeJS.Signals): Promise<Round> => {
    await sleep(2_000);
    const signalledAt = Date.now();
    member.child.kill(signal);
    if (signal === 'SIGTERM') await exited(member.child);
    member = startMember(task);
    const handled = await handledAfter(member, signalledAt);
    const connected = member.connectedAt ?? member.spawnedAt;
    return {
      totalMs: handled - signalledAt,
      processStartMs: connected - signalledAt,
      groupWaitMs: (member.joinedAt ?? handled) - connected,
    };
  };
  const kill: Round[] = [];
  const term: Round[] = [];
  for (let i = 0; i < rounds; i++) kill.push(await measure('SIGKILL'));
  for (let i = 0; i < rounds; i++) term.push(await measure('SIGTERM'));
  await sleep(2_000);
  await control.brokerDown();
  await sleep(outageMs);
  await control.brokerUp();
  const upAt = Date.now();
  const outageRecoveryMs = (await handledAfter(member, upAt)) - upAt;
  member.child.kill('SIGKILL');
  await exited(member.child);
  results[String(sessionTimeoutMs)] = { kill, term, outageRecoveryMs };
  const median = (rows: Round[], field: keyof Round) =>
    round(
      percentile(
        rows.map((row) => row[field]),
        50,
      ),
    );
  progress(
    `session ${sessionTimeoutMs} ms: SIGKILL→consuming median ${median(kill, 'totalMs')} ms (process ${median(kill, 'processStartMs')}, group ${median(kill, 'groupWaitMs')}); ` +
      `SIGTERM→consuming median ${median(term, 'totalMs')} ms; broker back→consuming ${outageRecoveryMs} ms`,
  );
}
producing = false;
await stream;
await producer.disconnect();
await stack.stop();

const summary = Object.fromEntries(
  Object.entries(results).map(([session, result]) => [
    session,
    {
      killToConsumingMs: result.kill.map((row) => row.totalMs),
      killGroupWaitMs: result.kill.map((row) => row.groupWaitMs),
      killProcessStartMs: result.kill.map((row) => row.processStartMs),
      termToConsumingMs: result.term.map((row) => row.totalMs),
      brokerBackToConsumingMs: result.outageRecoveryMs,
    },
  ]),
);
if (args.json)
  process.stdout.write(
    `${JSON.stringify({ kafka: stack.kafka, rounds, outageMs, bySessionTimeoutMs: summary })}\n`,
  );
else process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
