import type { LatencySummary } from './stats.js';

/** What an open-loop step needs to be judged. */
export interface OpenStepFigures {
  offeredPerSec: number;
  completedPerSec: number;
  backlogGrowthPerSec: number;
  offered: number;
  /** POSTs refused or unanswered, sagas that ended other than confirmed, or never ended. */
  failed: number;
  latency: LatencySummary | null;
}

/** Completions must reach this share of the offered rate. */
export const keepUpShare = 0.95;

/**
 * An open-loop step keeps up when its sagas end at ≥ 95% of the offered rate, the
 * backlog grows by less than 5% of the offered rate per second once settled, and
 * at most 1% of the offered sagas failed or never ended.
 */
export function keepsUp(step: OpenStepFigures): boolean {
  return (
    step.completedPerSec >= keepUpShare * step.offeredPerSec &&
    step.backlogGrowthPerSec <= (1 - keepUpShare) * step.offeredPerSec &&
    step.failed <= 0.01 * step.offered
  );
}

/**
 * The sustained rate: the highest offered rate such that it and every lower rate
 * measured kept up. A lower rate that failed caps it, so one lucky step above a
 * failing one does not count. Undefined when the lowest rate failed.
 */
export function sustainedStep<T extends OpenStepFigures>(steps: readonly T[]): T | undefined {
  let sustained: T | undefined;
  for (const step of [...steps].sort((a, b) => a.offeredPerSec - b.offeredPerSec)) {
    if (!keepsUp(step)) break;
    sustained = step;
  }
  return sustained;
}

export interface Targets {
  sustainedSagasPerSec: number;
  p99MsAtSustained: number;
  p99MsAt100: number;
  outboxVsDualWrite: number;
}

/** Issue 11's targets, on the 2-core machine with everything on it. */
export const targets: Targets = {
  sustainedSagasPerSec: 500,
  p99MsAtSustained: 150,
  p99MsAt100: 50,
  outboxVsDualWrite: 0.8,
};

export interface Headline {
  sustainedSagasPerSec: number;
  p99MsAtSustained: number | null;
  p99MsAt100: number | null;
  outboxVsDualWrite: number | null;
}

export type TargetVerdicts = Record<keyof Targets, boolean | null>;

/** Met, missed, or null when the run did not measure it. */
export function judgeTargets(headline: Headline): TargetVerdicts {
  const atMost = (value: number | null, limit: number) => (value === null ? null : value <= limit);
  return {
    sustainedSagasPerSec: headline.sustainedSagasPerSec >= targets.sustainedSagasPerSec,
    // The latency target holds at the target rate: a p99 at a lower sustained rate does not meet it.
    p99MsAtSustained:
      headline.sustainedSagasPerSec >= targets.sustainedSagasPerSec
        ? atMost(headline.p99MsAtSustained, targets.p99MsAtSustained)
        : false,
    p99MsAt100: atMost(headline.p99MsAt100, targets.p99MsAt100),
    outboxVsDualWrite:
      headline.outboxVsDualWrite === null ? null : headline.outboxVsDualWrite >= targets.outboxVsDualWrite,
  };
}
