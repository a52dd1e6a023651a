import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const policy = { baseMs: 100, maxMs: 5000 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling with each attempt', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, policy, top))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffDelayMs(50, policy, () => 1)).toBe(5000);
    expect(backoffDelayMs(10_000, policy, () => 1)).toBe(5000);
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });
});
