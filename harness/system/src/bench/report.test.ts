import { describe, expect, it } from 'vitest';
import type { PhaseFigures } from './figures.js';
import { benchJson, cpuMsPerSaga, cpuTotal, formatHeadline, formatMode, headline } from './report.js';
import type { ModeResult } from './run.js';

const latency = (p99Ms: number) => ({
  count: 100,
  p50Ms: p99Ms / 2,
  p95Ms: p99Ms - 1,
  p99Ms,
  maxMs: p99Ms + 5,
});

function phase(over: Partial<PhaseFigures>): PhaseFigures {
  return {
    kind: 'open',
    offeredPerSec: 100,
    concurrency: null,
    durationS: 30,
    stoppedEarly: false,
    sent: 3000,
    ended: 3000,
    failed: 0,
    completedPerSec: 100,
    backlogGrowthPerSec: 0,
    keepsUp: true,
    latency: latency(40),
    post: latency(4),
    sendLag: latency(1),
    seenGap: latency(50),
    relayLag: latency(8),
    hops: null,
    cpu: { order: { percent: 20, processes: 1 }, 'postgres:order': { percent: 10.5, processes: 3 } },
    cpuMsPerSaga: 3.1,
    database: null,
    ...over,
  };
}

function mode(name: ModeResult['mode'], closedPerSec: number, open: PhaseFigures[]): ModeResult {
  return {
    mode: name,
    idleCpu: { order: { percent: 5, processes: 1 } },
    closed: phase({
      kind: 'closed',
      offeredPerSec: null,
      concurrency: 64,
      completedPerSec: closedPerSec,
      keepsUp: null,
      backlogGrowthPerSec: null,
    }),
    open,
    errors: [],
  };
}

const outbox = mode('outbox', 400, [
  phase({ offeredPerSec: 100, latency: latency(45) }),
  phase({ offeredPerSec: 250, completedPerSec: 249, latency: latency(90) }),
  phase({ offeredPerSec: 500, completedPerSec: 380, keepsUp: false, latency: latency(4000) }),
  phase({ offeredPerSec: 1000, completedPerSec: 390, keepsUp: false, stoppedEarly: true, durationS: 4.2 }),
]);
const dualWrite = mode('dual-write', 500, [phase({ offeredPerSec: 100 })]);

describe('headline', () => {
  it('takes the sustained rate and p99s from the outbox mode, the ratio from the closed loops', () => {
    expect(headline([outbox, dualWrite])).toEqual({
      sustainedSagasPerSec: 250,
      p99MsAtSustained: 90,
      p99MsAt100: 45,
      outboxVsDualWrite: 0.8,
    });
  });

  it('has no ratio with one mode, and 0 sustained when even the lowest rate failed', () => {
    const failing = mode('outbox', 10, [phase({ offeredPerSec: 100, completedPerSec: 10 })]);
    expect(headline([failing])).toEqual({
      sustainedSagasPerSec: 0,
      p99MsAtSustained: null,
      p99MsAt100: 40,
      outboxVsDualWrite: null,
    });
  });
});

describe('formatMode', () => {
  it('prints a row per phase and CPU only for the groups seen', () => {
    const lines = formatMode(outbox);
    expect(lines[0]).toBe('== outbox');
    expect(lines.some((line) => /^closed, 64 clients\s+3000\s+400\s+20 \/ 39 \/ 40/.test(line))).toBe(true);
    expect(lines.some((line) => /^open 500\/s .* NO$/.test(line))).toBe(true);
    expect(lines.some((line) => /^open 1000\/s .* NO \(stopped at 4.2 s\)$/.test(line))).toBe(true);
    const cpuHeader = lines.find((line) => line.startsWith('phase') && line.includes('total'));
    expect(cpuHeader).toMatch(
      /order\s+postgres:order\s+total\s+ms\/saga\s+above idle\s+statements\/saga\s+transactions\/saga$/,
    );
    expect(lines.some((line) => /^idle\s+5\s+–\s+5\s+–\s+–\s+–\s+–$/.test(line))).toBe(true);
    // 30.5% of a core is 305 ms/s over 100 sagas/s; 25.5% above idle.
    expect(lines.some((line) => /^open 100\/s\s+20\s+10.5\s+30.5\s+3.1\s+2.6\s+–\s+–$/.test(line))).toBe(
      true,
    );
  });

  it('leaves the bench’s own CPU out of the system’s and shows the statements per saga', () => {
    const counted = phase({
      cpu: {
        order: { percent: 20, processes: 1 },
        bench: { percent: 40, processes: 1 },
        'postgres:bench': { percent: 10, processes: 1 },
      },
      database: { statementsPerSaga: 12.5, transactionsPerSaga: 3, byService: {} },
    });
    const lines = formatMode(mode('outbox', 400, [counted]));
    // 70% in all, of which 20% is the system's: 2 ms a saga at 100/s.
    expect(
      lines.some((line) => /^open 100\/s\s+20\s+–\s+10\s+40\s+70\s+2\s+1.5\s+12.5\s+3$/.test(line)),
    ).toBe(true);
  });
});

describe('cpuMsPerSaga', () => {
  it('turns percent of a core at a rate into CPU milliseconds per saga', () => {
    expect(cpuMsPerSaga(150, 30)).toBe('50');
    expect(cpuMsPerSaga(150, 0)).toBe('–');
  });
});

describe('cpuTotal', () => {
  it('sums every group', () => {
    expect(cpuTotal({ a: { percent: 1.25, processes: 1 }, b: { percent: 2, processes: 2 } })).toBe(3.3);
  });
});

describe('benchJson and formatHeadline', () => {
  it('carry the headline, the verdicts and each mode', () => {
    const json = benchJson([outbox, dualWrite], { cpus: 2 }, { durationS: 30 });
    expect(json).toMatchObject({
      sustainedSagasPerSec: 250,
      outboxVsDualWrite: 0.8,
      targetsMet: {
        sustainedSagasPerSec: false,
        p99MsAtSustained: false,
        p99MsAt100: true,
        outboxVsDualWrite: true,
      },
      machine: { cpus: 2 },
      settings: { durationS: 30 },
    });
    expect(json.modes.outbox?.sustainedSagasPerSec).toBe(250);
    expect(json.modes['dual-write']?.sustainedSagasPerSec).toBe(100);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    const lines = formatHeadline(json, json.targetsMet);
    expect(lines[0]).toBe('sustained: 250 sagas/s (target ≥ 500: MISSED)');
    expect(lines[3]).toContain('0.8 (target ≥ 0.8: met)');
  });
});
