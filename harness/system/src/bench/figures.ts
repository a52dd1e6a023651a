import type { CpuShares } from './cpu.js';
import type { WorkPerSaga } from './db-work.js';
import type { HopBreakdown } from './hops.js';
import type { SagaRecord } from './load.js';
import {
  backlogGrowthPerSecond,
  completionRate,
  type LatencySummary,
  roundTo,
  type SagaTiming,
  summarizeLatencies,
} from './stats.js';
import { keepsUp } from './verdict.js';

export interface PhaseFigures {
  kind: 'closed' | 'open';
  /** Open loop: the arrival rate offered. */
  offeredPerSec: number | null;
  /** Closed loop: the number of clients. */
  concurrency: number | null;
  durationS: number;
  /** Open loop: cut short because the backlog passed its bound; it did not keep up. */
  stoppedEarly: boolean;
  sent: number;
  /** Sagas that reached a terminal state (confirmed or not). */
  ended: number;
  /** POSTs refused or unanswered, sagas that ended other than confirmed, or never ended. */
  failed: number;
  completedPerSec: number;
  /** Open loop: growth of the sagas in flight once settled, sagas/s. */
  backlogGrowthPerSec: number | null;
  keepsUp: boolean | null;
  /** Due (or sent) → the saga's terminal step. */
  latency: LatencySummary | null;
  /** POST → 202. */
  post: LatencySummary | null;
  /** Open loop: how late the generator sent after each POST was due. */
  sendLag: LatencySummary | null;
  /** Terminal step → the bench's poll first saw it: an upper bound on the rest of that transaction. */
  seenGap: LatencySummary | null;
  /** Order service messages: their step's stamp → the broker ack the relay recorded. */
  relayLag: LatencySummary | null;
  /** Where the latency went, hop by hop (see hops.ts). */
  hops: HopBreakdown | null;
  cpu: CpuShares;
  /** CPU of the system (services, their Postgres backends, Kafka; not the bench) per saga completed. */
  cpuMsPerSaga: number | null;
  /** The services' statements and transactions per saga that ended, from pg_stat_statements. */
  database: WorkPerSaga | null;
}

export interface PhaseInput {
  kind: 'closed' | 'open';
  stoppedEarly?: boolean;
  offeredPerSec?: number;
  concurrency?: number;
  /** Epoch ms the load started and stopped being offered. */
  from: number;
  to: number;
  records: readonly SagaRecord[];
  relayLagMs: readonly number[];
  hops?: HopBreakdown;
  cpu: CpuShares;
  database?: WorkPerSaga | null;
}

export function phaseFigures(input: PhaseInput): PhaseFigures {
  const { records, kind } = input;
  const timings: SagaTiming[] = records.map((record) => ({
    startAt: record.startAt,
    endAt: record.end?.endAt,
  }));
  const ended = records.filter((record) => record.end !== undefined);
  const confirmed = ended.filter((record) => record.end?.status === 'confirmed').length;
  const offered = kind === 'open' ? (input.offeredPerSec ?? 0) : null;
  const completedPerSec = roundTo(completionRate(timings), 1);
  const backlogGrowthPerSec =
    kind === 'open' ? roundTo(backlogGrowthPerSecond(timings, input.from, input.to), 1) : null;
  const failed = records.length - confirmed;
  const latency = summarizeLatencies(ended.map((record) => (record.end?.endAt ?? 0) - record.startAt));
  return {
    kind,
    offeredPerSec: offered,
    concurrency: kind === 'closed' ? (input.concurrency ?? 0) : null,
    durationS: roundTo((input.to - input.from) / 1000, 1),
    stoppedEarly: input.stoppedEarly ?? false,
    sent: records.length,
    ended: ended.length,
    failed,
    completedPerSec,
    backlogGrowthPerSec,
    keepsUp:
      offered === null
        ? null
        : !input.stoppedEarly &&
          keepsUp({
            offeredPerSec: offered,
            completedPerSec,
            backlogGrowthPerSec: backlogGrowthPerSec ?? 0,
            offered: records.length,
            failed,
            latency,
          }),
    latency,
    post: summarizeLatencies(
      records.flatMap((record) => (record.postMs === undefined ? [] : [record.postMs])),
    ),
    sendLag:
      kind === 'open' ? summarizeLatencies(records.map((record) => record.sentAt - record.startAt)) : null,
    seenGap: summarizeLatencies(ended.map((record) => (record.end?.seenAt ?? 0) - (record.end?.endAt ?? 0))),
    relayLag: summarizeLatencies(input.relayLagMs),
    hops: input.hops ?? null,
    cpu: input.cpu,
    cpuMsPerSaga:
      completedPerSec > 0 ? roundTo((systemCpuPercent(input.cpu) * 10) / completedPerSec, 1) : null,
    database: input.database ?? null,
  };
}

/** The bench's own process and Postgres backends are load, not the system under test. */
const benchGroups: ReadonlySet<string> = new Set(['bench', 'postgres:bench']);

/** Percent of one core used by everything but the bench. */
export function systemCpuPercent(cpu: CpuShares): number {
  return Object.entries(cpu).reduce(
    (sum, [group, share]) => (benchGroups.has(group) ? sum : sum + share.percent),
    0,
  );
}

/** The first few distinct errors of a phase, for the report. */
export function sampleErrors(records: readonly SagaRecord[], limit = 3): string[] {
  const distinct = new Set<string>();
  for (const record of records) {
    if (record.error !== undefined) distinct.add(record.error);
    if (distinct.size >= limit) break;
  }
  return [...distinct];
}
