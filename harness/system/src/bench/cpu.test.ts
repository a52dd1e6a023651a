import { describe, expect, it } from 'vitest';
import { type CpuSample, cpuShares } from './cpu.js';

const sample = (at: number, entries: Array<[number, number, string]>): CpuSample => ({
  at,
  byPid: new Map(entries.map(([pid, cpuMs, group]) => [pid, { cpuMs, group }])),
});

describe('cpuShares', () => {
  it('is CPU time used over wall time, per group, in percent of one core', () => {
    const shares = cpuShares([
      sample(0, [
        [1, 1_000, 'order'],
        [2, 500, 'postgres:order'],
        [3, 0, 'postgres:order'],
      ]),
      sample(1_000, [
        [1, 1_500, 'order'],
        [2, 700, 'postgres:order'],
        [3, 100, 'postgres:order'],
      ]),
    ]);
    expect(shares).toEqual({
      order: { percent: 50, processes: 1 },
      'postgres:order': { percent: 30, processes: 2 },
    });
  });

  it('counts a process born during the window from zero, and one that exited until last seen', () => {
    const shares = cpuShares([
      sample(0, [[1, 1_000, 'postgres:other']]),
      sample(1_000, [
        [1, 1_200, 'postgres:other'],
        [2, 50, 'postgres:other'],
      ]),
      sample(2_000, [[2, 150, 'postgres:other']]),
    ]);
    expect(shares).toEqual({ 'postgres:other': { percent: 17.5, processes: 2 } });
  });

  it('is empty without a span of time', () => {
    expect(cpuShares([])).toEqual({});
    expect(cpuShares([sample(5, [[1, 1, 'bench']])])).toEqual({});
  });
});
