import { describe, expect, it } from 'vitest';
import { phaseFigures, sampleErrors } from './figures.js';
import type { SagaRecord } from './load.js';

const confirmedAfter = (startAt: number, latencyMs: number, postMs = 2): SagaRecord => ({
  startAt,
  sentAt: startAt + 0.5,
  postMs,
  id: `id-${startAt}`,
  end: { status: 'confirmed', endAt: startAt + latencyMs, seenAt: startAt + latencyMs + 40 },
});

describe('phaseFigures', () => {
  const records = Array.from({ length: 1000 }, (_, i) => confirmedAfter(i * 10, 20));

  it('judges an open-loop step from its records', () => {
    const figures = phaseFigures({
      kind: 'open',
      offeredPerSec: 100,
      from: 0,
      to: 10_000,
      records,
      relayLagMs: [3, 4, 5],
      cpu: { order: { percent: 12, processes: 1 } },
    });
    expect(figures).toMatchObject({
      kind: 'open',
      offeredPerSec: 100,
      concurrency: null,
      durationS: 10,
      sent: 1000,
      ended: 1000,
      failed: 0,
      completedPerSec: 100,
      backlogGrowthPerSec: 0,
      keepsUp: true,
      latency: { count: 1000, p50Ms: 20, p99Ms: 20 },
      post: { p99Ms: 2 },
      sendLag: { p99Ms: 0.5 },
      seenGap: { p50Ms: 40 },
      relayLag: { count: 3, p50Ms: 4 },
      cpu: { order: { percent: 12, processes: 1 } },
    });
  });

  it('never lets a step cut short keep up', () => {
    const figures = phaseFigures({
      kind: 'open',
      offeredPerSec: 100,
      stoppedEarly: true,
      from: 0,
      to: 10_000,
      records,
      relayLagMs: [],
      cpu: {},
    });
    expect(figures).toMatchObject({ stoppedEarly: true, keepsUp: false, completedPerSec: 100 });
  });

  it('counts refused POSTs, other ends and sagas that never ended as failed', () => {
    const mixed: SagaRecord[] = [
      ...records.slice(0, 10),
      { startAt: 0, sentAt: 0, error: 'POST /orders answered 500' },
      { startAt: 0, sentAt: 0, id: 'x' },
      { startAt: 0, sentAt: 0, id: 'y', end: { status: 'cancelled', endAt: 30, seenAt: 40 } },
    ];
    const figures = phaseFigures({
      kind: 'closed',
      concurrency: 4,
      from: 0,
      to: 100,
      records: mixed,
      relayLagMs: [],
      cpu: {},
    });
    expect(figures).toMatchObject({ sent: 13, ended: 11, failed: 3, keepsUp: null, concurrency: 4 });
    expect(figures.backlogGrowthPerSec).toBeNull();
    expect(figures.sendLag).toBeNull();
    expect(figures.relayLag).toBeNull();
  });
});

describe('sampleErrors', () => {
  it('lists distinct errors, a few at most', () => {
    const failed = (error: string): SagaRecord => ({ startAt: 0, sentAt: 0, error });
    expect(sampleErrors([failed('a'), failed('a'), failed('b'), failed('c'), failed('d')], 3)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
