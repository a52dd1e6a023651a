import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackInfo } from '@sagaflow/devstack';
import pg from 'pg';
import type { Logger } from 'pino';
import { launchSystem, type System } from '../launcher/launcher.js';
import { type ServiceName, serviceNames } from '../launcher/types.js';
import type { BenchArgs, MessagingMode } from './args.js';
import { CpuSampler, type CpuShares } from './cpu.js';
import { asRole, DatabaseCounters, ensureBenchRole, workBetween, workPerSaga } from './db-work.js';
import { benchServiceEnv, cpuProfileArgv, modePrefixes } from './env.js';
import { type PhaseFigures, phaseFigures, sampleErrors } from './figures.js';
import { hopBreakdown, readSagaStamps } from './hops.js';
import { benchCustomer, benchSku, closedLoop, OrderPoster, openLoop, type SagaRecord } from './load.js';
import type { PostgresBackend, ProcessRoles } from './processes.js';
import { relayLagMs } from './relay-lag.js';
import { CompletionTracker } from './tracker.js';

export interface ModeResult {
  mode: MessagingMode;
  /** CPU with no load offered: pollers (Kafka fetches, relay, deadline scheduler) alone. */
  idleCpu: CpuShares;
  closed: PhaseFigures;
  open: PhaseFigures[];
  /** Distinct errors seen, if any: a refused POST, a saga that never ended. */
  errors: string[];
}

const benchApplicationName = 'sagaflow-bench';
const benchRole = 'sagaflow_bench';

export interface ModeContext {
  stack: StackInfo;
  args: BenchArgs;
  logger: Logger;
  say: (line: string) => void;
  /** Lets a signal handler stop whatever system is running. */
  onSystem: (system: System | undefined) => void;
}

/** One messaging mode: fresh databases and services, a warm-up, the closed loop, each open-loop rate. */
export async function runMode(mode: MessagingMode, context: ModeContext): Promise<ModeResult> {
  const { stack, args, logger, say } = context;
  const system = await launchSystem({
    stack,
    logger,
    logLevel: args.logLevel,
    ...modePrefixes(mode),
    messaging: mode,
    env: benchServiceEnv(args),
    execArgv: cpuProfileArgv(args.cpuProfDir, mode, serviceNames),
  });
  context.onSystem(system);
  const adminPool = new pg.Pool({
    connectionString: stack.databaseUrl,
    application_name: benchApplicationName,
    max: 1,
  });
  const benchPassword = randomBytes(12).toString('hex');
  await ensureBenchRole(adminPool, benchRole, benchPassword);
  const orderPool = new pg.Pool({
    connectionString: asRole(system.databaseUrls.order, benchRole, benchPassword),
    application_name: benchApplicationName,
    max: 2,
  });
  // An idle connection dropped under the pool (Ctrl-C stops Postgres first) must not crash the bench.
  for (const pool of [orderPool, adminPool]) {
    pool.on('error', (error) => logger.warn({ err: error }, 'bench database connection lost'));
  }
  const tracker = new CompletionTracker(orderPool, logger);
  const customerTokens = await Promise.all(
    Array.from({ length: args.catalogSize }, (_, index) => system.auth.customer(benchCustomer(index))),
  );
  const poster = new OrderPoster(system.urls.order, customerTokens);
  const sampler = new CpuSampler(() => processRoles(system, adminPool), logger);
  const counters = new DatabaseCounters(adminPool, serviceDatabases(system), benchRole);
  try {
    const prepared = await counters.prepare();
    if (!prepared.ok) say(`[${mode}] statements are not counted: ${prepared.reason}`);
    say(
      `[${mode}] services up (order ${system.urls.order}); seeding ${args.catalogSize} products and wallets`,
    );
    await seed(system, args.catalogSize);
    say(`[${mode}] idle for 5 s: CPU with no load`);
    await sampler.begin();
    await sleep(5_000);
    const idleCpu = await sampler.end();
    tracker.start();
    const phases = {
      tracker,
      poster,
      sampler,
      counters: prepared.ok ? counters : undefined,
      orderPool,
      args,
      say,
      mode,
    };
    if (args.warmupS > 0) {
      const rate = args.rates[0] ?? 100;
      say(`[${mode}] warm-up: ${rate} sagas/s for ${args.warmupS} s (not measured)`);
      await (await openLoop(poster, tracker, rate, args.warmupS * 1000, maxInFlight(rate))).answered;
      await tracker.drained(60_000);
    }
    const records: SagaRecord[] = [];
    const closed = await runPhase(phases, { kind: 'closed', concurrency: args.closedConcurrency }, records);
    const open: PhaseFigures[] = [];
    for (const rate of args.rates) open.push(await runPhase(phases, { kind: 'open', rate }, records));
    return { mode, idleCpu, closed, open, errors: sampleErrors(records) };
  } finally {
    poster.close();
    await tracker.stop();
    await orderPool.end();
    await adminPool.end();
    await system.stop();
    context.onSystem(undefined);
  }
}

interface PhaseTools {
  tracker: CompletionTracker;
  poster: OrderPoster;
  sampler: CpuSampler;
  /** Absent when pg_stat_statements is not loaded. */
  counters: DatabaseCounters | undefined;
  orderPool: pg.Pool;
  args: BenchArgs;
  say: (line: string) => void;
  mode: MessagingMode;
}

/** An open-loop step stops once this many sagas are unfinished: 3 s of arrivals, at least 300. */
export const maxInFlight = (rate: number) => Math.max(300, rate * 3);

type PhaseSpec = { kind: 'closed'; concurrency: number } | { kind: 'open'; rate: number };

async function runPhase(tools: PhaseTools, spec: PhaseSpec, all: SagaRecord[]): Promise<PhaseFigures> {
  const { tracker, poster, sampler, counters, orderPool, args, say, mode } = tools;
  const durationMs = args.durationS * 1000;
  let cpu: CpuShares;
  const label = spec.kind === 'closed' ? `closed loop, ${spec.concurrency} clients` : `${spec.rate} sagas/s`;
  say(`[${mode}] ${label} for ${args.durationS} s`);
  // Closed-loop clients wait on each end: notice it within 10 ms. The open loop only needs it eventually.
  tracker.pollMs = spec.kind === 'closed' ? 10 : 100;
  const countsBefore = await counters?.snapshot();
  await sampler.begin();
  const from = Date.now();
  let to: number;
  let records: SagaRecord[];
  let stoppedEarly = false;
  if (spec.kind === 'closed') {
    const load = closedLoop(poster, tracker, spec.concurrency, durationMs);
    // CPU is measured over the window in which load is offered, not the drain after it.
    await sleep(durationMs);
    cpu = await sampler.end();
    to = Date.now();
    records = await load;
  } else {
    const result = await openLoop(poster, tracker, spec.rate, durationMs, maxInFlight(spec.rate));
    cpu = await sampler.end();
    await result.answered;
    ({ records, stoppedEarly } = result);
    to = Math.min(Date.now(), result.stoppedAt);
    if (stoppedEarly)
      say(
        `[${mode}]   stopped after ${((to - from) / 1000).toFixed(1)} s: backlog over ${maxInFlight(spec.rate)} sagas`,
      );
  }
  all.push(...records);
  const drainMs = Math.max(60_000, durationMs * 3);
  if (!(await tracker.drained(drainMs))) {
    say(`[${mode}]   ${tracker.pendingCount} sagas still running after ${drainMs / 1000} s of draining`);
  }
  // Everything the phase's sagas did has run by now; what else ran meanwhile (pollers) is small.
  const countsAfter = await counters?.snapshot();
  const ended = records.filter((record) => record.end !== undefined).length;
  const figures = phaseFigures({
    kind: spec.kind,
    stoppedEarly,
    ...(spec.kind === 'closed' ? { concurrency: spec.concurrency } : { offeredPerSec: spec.rate }),
    from,
    to,
    records,
    relayLagMs: await relayLagMs(orderPool, from, to),
    hops: await hopsOf(orderPool, records),
    cpu,
    database:
      countsBefore === undefined || countsAfter === undefined
        ? null
        : workPerSaga(workBetween(countsBefore, countsAfter), ended),
  });
  const p99 = figures.latency === null ? 'n/a' : `${figures.latency.p99Ms} ms`;
  say(
    `[${mode}]   ${figures.completedPerSec} sagas/s completed, p99 ${p99}` +
      (figures.keepsUp === null ? '' : figures.keepsUp ? ', keeps up' : ', does NOT keep up') +
      (figures.cpuMsPerSaga === null ? '' : `; ${figures.cpuMsPerSaga} ms CPU`) +
      (figures.database === null
        ? ''
        : `, ${figures.database.statementsPerSaga} statements, ${figures.database.transactionsPerSaga} transactions a saga`),
  );
  // Let the relays' vacuum and the last acks settle before the next phase.
  await sleep(1_000);
  return figures;
}

async function hopsOf(pool: pg.Pool, records: readonly SagaRecord[]) {
  const startById = new Map<string, number>();
  for (const record of records) if (record.id !== undefined) startById.set(record.id, record.startAt);
  return hopBreakdown(await readSagaStamps(pool, [...startById.keys()]), startById);
}

async function seed(system: System, count: number): Promise<void> {
  const indexes = Array.from({ length: count }, (_, index) => index);
  const workers = Array.from({ length: 16 }, async () => {
    for (let index = indexes.pop(); index !== undefined; index = indexes.pop()) {
      await system.client.seedProduct(benchSku(index), {
        name: `Bench product ${index}`,
        priceCents: 100,
        // Plenty: no saga of the run may fail for want of stock or money.
        onHand: 100_000_000,
      });
      await system.client.seedWallet(benchCustomer(index), 1_000_000_000_000);
    }
  });
  await Promise.all(workers);
}

function serviceDatabases(system: System): Map<string, ServiceName> {
  return new Map(serviceNames.map((name) => [new URL(system.databaseUrls[name]).pathname.slice(1), name]));
}

async function processRoles(system: System, adminPool: pg.Pool): Promise<ProcessRoles> {
  const services = new Map<number, string>();
  for (const name of serviceNames) {
    for (let instance = 0; instance < system.instances; instance++) {
      const pid = system.service(name, instance).pid;
      if (pid !== undefined) services.set(pid, name);
    }
  }
  const { rows } = await adminPool.query<{ pid: number; datname: string | null; application_name: string }>(
    'SELECT pid, datname, application_name FROM pg_stat_activity',
  );
  const backends = new Map<number, PostgresBackend>(
    rows.map((row) => [row.pid, { datname: row.datname, applicationName: row.application_name }]),
  );
  const databases = serviceDatabases(system);
  return { benchPid: process.pid, services, backends, databases, benchApplicationName };
}
