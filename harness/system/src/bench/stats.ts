import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Percentiles of millisecond values through an HDR histogram of microseconds (3
 * significant digits): exact enough at any scale, and the whole run's samples
 * never need sorting. Negative values (clock granularity) count as 0.
 */
export function summarizeLatencies(valuesMs: Iterable<number>): LatencySummary | null {
  const histogram = hdr.build({ numberOfSignificantValueDigits: 3 });
  try {
    for (const value of valuesMs) {
      if (Number.isFinite(value)) histogram.recordValue(Math.max(0, Math.round(value * 1000)));
    }
    if (histogram.totalCount === 0) return null;
    const at = (percentile: number) => roundTo(histogram.getValueAtPercentile(percentile) / 1000, 1);
    return {
      count: histogram.totalCount,
      p50Ms: at(50),
      p95Ms: at(95),
      p99Ms: at(99),
      maxMs: roundTo(histogram.maxValue / 1000, 1),
    };
  } finally {
    histogram.destroy();
  }
}

export function roundTo(value: number, digits = 1): number {
  const rounded = Math.round(value * 10 ** digits) / 10 ** digits;
  // No -0 in reports or JSON.
  return rounded === 0 ? 0 : rounded;
}

/** One saga of a phase: when it was due (open loop) or sent (closed loop), and when it ended. */
export interface SagaTiming {
  /** Epoch ms the POST was due; the latency's start, so a late generator cannot hide queueing. */
  startAt: number;
  /** Epoch ms of the saga's terminal step; undefined if it never ended (or its POST failed). */
  endAt: number | undefined;
}

/**
 * Completed sagas per second: the count over the span from the first end to the
 * last. A system that keeps up ends sagas at the rate they arrive, whatever their
 * latency; one that does not ends them at its own capacity, backlog included.
 */
export function completionRate(timings: readonly SagaTiming[]): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (const { endAt } of timings) {
    if (endAt === undefined) continue;
    count += 1;
    if (endAt < first) first = endAt;
    if (endAt > last) last = endAt;
  }
  if (count < 2 || last <= first) return 0;
  return (count - 1) / ((last - first) / 1000);
}

/** Sagas started and not yet ended at each instant from `from` to `to`, every `stepMs`. */
export function inFlightSeries(
  timings: readonly SagaTiming[],
  from: number,
  to: number,
  stepMs: number,
): number[] {
  const points = Math.max(0, Math.floor((to - from) / stepMs) + 1);
  const delta = new Array<number>(points + 1).fill(0);
  const index = (at: number) => Math.ceil((at - from) / stepMs);
  for (const { startAt, endAt } of timings) {
    const start = Math.max(0, index(startAt));
    const end = endAt === undefined ? points : Math.min(points, Math.max(0, index(endAt)));
    if (start >= end) continue;
    (delta[start] as number) += 1;
    (delta[end] as number) -= 1;
  }
  const series: number[] = [];
  let running = 0;
  for (let i = 0; i < points; i++) {
    running += delta[i] as number;
    series.push(running);
  }
  return series;
}

/** Least-squares slope of evenly spaced samples, per second. */
export function slopePerSecond(samples: readonly number[], stepMs: number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  samples.forEach((value, i) => {
    numerator += (i - meanX) * (value - meanY);
    denominator += (i - meanX) ** 2;
  });
  return numerator / denominator / (stepMs / 1000);
}

/**
 * How fast the backlog (sagas in flight) grew while load was offered, in sagas/s.
 * The first fifth of the window is left out: the backlog fills up to its steady
 * level there (Little's law) even on a system that keeps up.
 */
export function backlogGrowthPerSecond(timings: readonly SagaTiming[], from: number, to: number): number {
  const stepMs = 100;
  const settled = from + (to - from) / 5;
  return slopePerSecond(inFlightSeries(timings, settled, to, stepMs), stepMs);
}
