import { describe, expect, it } from 'vitest';
import { judgeTargets, keepsUp, type OpenStepFigures, sustainedStep } from './verdict.js';

const step = (offeredPerSec: number, over: Partial<OpenStepFigures> = {}): OpenStepFigures => ({
  offeredPerSec,
  completedPerSec: offeredPerSec,
  backlogGrowthPerSec: 0,
  offered: offeredPerSec * 30,
  failed: 0,
  latency: null,
  ...over,
});

describe('keepsUp', () => {
  it('needs 95% of the offered rate completed', () => {
    expect(keepsUp(step(100, { completedPerSec: 95 }))).toBe(true);
    expect(keepsUp(step(100, { completedPerSec: 94.9 }))).toBe(false);
  });

  it('refuses a growing backlog', () => {
    expect(keepsUp(step(100, { backlogGrowthPerSec: 5 }))).toBe(true);
    expect(keepsUp(step(100, { backlogGrowthPerSec: 5.1 }))).toBe(false);
  });

  it('allows at most 1% failed', () => {
    expect(keepsUp(step(100, { failed: 30 }))).toBe(true);
    expect(keepsUp(step(100, { failed: 31 }))).toBe(false);
  });
});

describe('sustainedStep', () => {
  it('is the highest rate of the run of rates that kept up, from the lowest', () => {
    const steps = [step(500, { completedPerSec: 300 }), step(100), step(250), step(1000)];
    expect(sustainedStep(steps)?.offeredPerSec).toBe(250);
  });

  it('is undefined when the lowest rate did not keep up', () => {
    expect(sustainedStep([step(100, { completedPerSec: 10 }), step(250)])).toBeUndefined();
  });
});

describe('judgeTargets', () => {
  it('judges each target, null where not measured', () => {
    expect(
      judgeTargets({
        sustainedSagasPerSec: 500,
        p99MsAtSustained: 150,
        p99MsAt100: 51,
        outboxVsDualWrite: null,
      }),
    ).toEqual({
      sustainedSagasPerSec: true,
      p99MsAtSustained: true,
      p99MsAt100: false,
      outboxVsDualWrite: null,
    });
  });

  it('does not meet the latency target at a sustained rate below the target rate', () => {
    const verdicts = judgeTargets({
      sustainedSagasPerSec: 250,
      p99MsAtSustained: 20,
      p99MsAt100: null,
      outboxVsDualWrite: 0.8,
    });
    expect(verdicts).toMatchObject({
      sustainedSagasPerSec: false,
      p99MsAtSustained: false,
      p99MsAt100: null,
    });
    expect(verdicts.outboxVsDualWrite).toBe(true);
  });
});
