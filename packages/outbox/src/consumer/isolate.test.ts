import { describe, expect, it } from 'vitest';
import { applyIsolating } from './isolate.js';

/** Applies batches unless they hold a poison item; records what took effect and how often it was tried. */
function harness(poison: ReadonlySet<number>) {
  const applied: number[] = [];
  const wholeCalls: number[][] = [];
  const singles: number[] = [];
  return {
    applied,
    wholeCalls,
    singles,
    whole: async (items: readonly number[]) => {
      wholeCalls.push([...items]);
      if (items.some((item) => poison.has(item))) throw new Error('poison in batch');
      applied.push(...items);
    },
    single: async (item: number) => {
      singles.push(item);
      if (!poison.has(item)) applied.push(item);
    },
  };
}

describe('applyIsolating', () => {
  it('applies a healthy batch in one go', async () => {
    const h = harness(new Set());
    await applyIsolating([1, 2, 3, 4], h.whole, h.single);
    expect(h.wholeCalls).toEqual([[1, 2, 3, 4]]);
    expect(h.applied).toEqual([1, 2, 3, 4]);
  });

  it('isolates one poison item and applies everything else in order', async () => {
    const h = harness(new Set([6]));
    const splits: number[] = [];
    await applyIsolating([1, 2, 3, 4, 5, 6, 7, 8], h.whole, h.single, (size) => splits.push(size));
    expect(h.applied).toEqual([1, 2, 3, 4, 5, 7, 8]);
    expect(h.singles).toEqual([5, 6]);
    expect(splits).toEqual([8, 4, 2]);
  });

  it('isolates several poison items and never applies one twice', async () => {
    const h = harness(new Set([1, 5, 9]));
    await applyIsolating(
      Array.from({ length: 10 }, (_, index) => index),
      h.whole,
      h.single,
    );
    expect(h.applied).toEqual([0, 2, 3, 4, 6, 7, 8]);
    expect(new Set(h.applied).size).toBe(h.applied.length);
  });

  it('hands a single item straight to the single path', async () => {
    const h = harness(new Set([1]));
    await applyIsolating([1], h.whole, h.single);
    expect(h.wholeCalls).toEqual([]);
    expect(h.singles).toEqual([1]);
  });
});
