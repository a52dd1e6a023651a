import { describe, expect, it } from 'vitest';
import {
  backlogGrowthPerSecond,
  completionRate,
  inFlightSeries,
  type SagaTiming,
  slopePerSecond,
  summarizeLatencies,
} from './stats.js';

describe('summarizeLatencies', () => {
  it('gives nearest-rank percentiles to a tenth of a millisecond', () => {
    const summary = summarizeLatencies(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(summary).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 });
  });

  it('keeps sub-millisecond values and counts negative ones as zero', () => {
    expect(summarizeLatencies([0.25, -3])).toMatchObject({ count: 2, p50Ms: 0, maxMs: 0.3 });
  });

  it('is null without values, NaN ignored', () => {
    expect(summarizeLatencies([])).toBeNull();
    expect(summarizeLatencies([Number.NaN])).toBeNull();
  });
});

const steady = (rate: number, seconds: number, latencyMs: number): SagaTiming[] =>
  Array.from({ length: rate * seconds }, (_, i) => {
    const startAt = (i * 1000) / rate;
    return { startAt, endAt: startAt + latencyMs };
  });

describe('completionRate', () => {
  it('equals the arrival rate when every saga takes as long, whatever the latency', () => {
    expect(completionRate(steady(100, 10, 5))).toBeCloseTo(100, 0);
    expect(completionRate(steady(100, 10, 900))).toBeCloseTo(100, 0);
  });

  it('is the capacity when ends are spaced wider than arrivals', () => {
    const timings = Array.from({ length: 100 }, (_, i) => ({ startAt: i * 10, endAt: 1000 + i * 20 }));
    expect(completionRate(timings)).toBeCloseTo(50, 0);
  });

  it('skips sagas that never ended; 0 with fewer than two ends', () => {
    expect(
      completionRate([
        { startAt: 0, endAt: undefined },
        { startAt: 0, endAt: 10 },
      ]),
    ).toBe(0);
    const mixed = [...steady(10, 2, 1), { startAt: 0, endAt: undefined }];
    expect(completionRate(mixed)).toBeCloseTo(10, 0);
  });
});

describe('inFlightSeries', () => {
  it('counts sagas started and not ended at each instant', () => {
    const timings = [
      { startAt: 0, endAt: 250 },
      { startAt: 100, endAt: 150 },
      { startAt: 200, endAt: undefined },
    ];
    expect(inFlightSeries(timings, 0, 300, 50)).toEqual([1, 1, 2, 1, 2, 1, 1]);
  });
});

describe('slopePerSecond', () => {
  it('fits a line through evenly spaced samples', () => {
    expect(slopePerSecond([0, 1, 2, 3], 100)).toBeCloseTo(10);
    expect(slopePerSecond([5, 5, 5], 100)).toBe(0);
    expect(slopePerSecond([7], 100)).toBe(0);
  });
});

describe('backlogGrowthPerSecond', () => {
  it('is about zero for a system that keeps up', () => {
    expect(Math.abs(backlogGrowthPerSecond(steady(100, 10, 50), 0, 10_000))).toBeLessThan(1);
  });

  it('is arrivals minus capacity for one that does not', () => {
    // 100/s offered, one end every 20 ms (50/s).
    const timings = Array.from({ length: 1000 }, (_, i) => ({ startAt: i * 10, endAt: 20 + i * 20 }));
    expect(backlogGrowthPerSecond(timings, 0, 10_000)).toBeCloseTo(50, -1);
  });
});
