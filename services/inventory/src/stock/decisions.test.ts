import { describe, expect, it } from 'vitest';
import {
  decideCommit,
  decideRelease,
  decideReservation,
  mergeRequestedLines,
  type ProductStock,
  replayReservation,
} from './decisions.js';

function catalog(...items: ProductStock[]): Map<string, ProductStock> {
  return new Map(items.map((item) => [item.sku, item]));
}

const mug: ProductStock = { sku: 'MUG', name: 'Mug', priceCents: 1250, onHand: 5 };
const tea: ProductStock = { sku: 'TEA', name: 'Tea', priceCents: 499, onHand: 2 };

describe('decideReservation', () => {
  it('reserves every line, priced from the catalog, when all are in stock', () => {
    const decision = decideReservation(
      [
        { sku: 'TEA', quantity: 2 },
        { sku: 'MUG', quantity: 3 },
      ],
      catalog(mug, tea),
    );

    expect(decision).toEqual({
      outcome: 'reserve',
      lines: [
        { sku: 'TEA', name: 'Tea', quantity: 2, unitPriceCents: 499, lineTotalCents: 998 },
        { sku: 'MUG', name: 'Mug', quantity: 3, unitPriceCents: 1250, lineTotalCents: 3750 },
      ],
      totalCents: 4748,
    });
  });

  it('fails the whole order, naming every short line, when any line falls short', () => {
    const decision = decideReservation(
      [
        { sku: 'MUG', quantity: 1 },
        { sku: 'TEA', quantity: 3 },
        { sku: 'GHOST', quantity: 4 },
      ],
      catalog(mug, tea),
    );

    expect(decision).toEqual({
      outcome: 'fail',
      shortfalls: [
        { sku: 'TEA', requested: 3, available: 2, reason: 'insufficient_stock' },
        { sku: 'GHOST', requested: 4, available: 0, reason: 'unknown_sku' },
      ],
    });
  });

  it('takes the last unit but not one more', () => {
    const exact = decideReservation([{ sku: 'TEA', quantity: 2 }], catalog(tea));
    const oneMore = decideReservation([{ sku: 'TEA', quantity: 3 }], catalog(tea));

    expect(exact.outcome).toBe('reserve');
    expect(oneMore.outcome).toBe('fail');
  });

  it('judges a sku named twice by its summed quantity', () => {
    const decision = decideReservation(
      [
        { sku: 'TEA', quantity: 1 },
        { sku: 'TEA', quantity: 2 },
      ],
      catalog(tea),
    );

    expect(decision).toEqual({
      outcome: 'fail',
      shortfalls: [{ sku: 'TEA', requested: 3, available: 2, reason: 'insufficient_stock' }],
    });
  });

  it('prices a free product at zero', () => {
    const gift: ProductStock = { sku: 'GIFT', name: 'Gift', priceCents: 0, onHand: 1 };

    const decision = decideReservation([{ sku: 'GIFT', quantity: 1 }], catalog(gift));

    expect(decision).toMatchObject({ outcome: 'reserve', totalCents: 0 });
  });
});

describe('mergeRequestedLines', () => {
  it('keeps one line per sku, in the order the skus first appear', () => {
    const merged = mergeRequestedLines([
      { sku: 'B', quantity: 1 },
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 3 },
    ]);

    expect(merged).toEqual([
      { sku: 'B', quantity: 4 },
      { sku: 'A', quantity: 2 },
    ]);
  });
});

describe('replayReservation', () => {
  const lines = [{ sku: 'MUG', name: 'Mug', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 }];
  const shortfalls = [{ sku: 'MUG', requested: 9, available: 5, reason: 'insufficient_stock' as const }];

  it('answers a reserved or committed order with its lines and total again', () => {
    expect(replayReservation('reserved', lines, [])).toEqual({
      outcome: 'reserved',
      lines,
      totalCents: 2500,
    });
    expect(replayReservation('committed', lines, [])).toEqual({
      outcome: 'reserved',
      lines,
      totalCents: 2500,
    });
  });

  it('answers a failed order with its original shortfalls', () => {
    expect(replayReservation('failed', [], shortfalls)).toEqual({
      outcome: 'failed',
      reason: 'out_of_stock',
      shortfalls,
    });
  });

  it('answers a released order as order_released, whether or not it had reserved', () => {
    expect(replayReservation('released', [], [])).toEqual({
      outcome: 'failed',
      reason: 'order_released',
      shortfalls: [],
    });
    expect(replayReservation('released', lines, [])).toMatchObject({ reason: 'order_released' });
  });
});

describe('decideRelease', () => {
  it('releases a reservation, tombstones an unknown order, and never un-sells', () => {
    expect(decideRelease('reserved')).toEqual({ action: 'release' });
    expect(decideRelease(undefined)).toEqual({ action: 'tombstone' });
    expect(decideRelease('released')).toEqual({ action: 'already-released' });
    expect(decideRelease('failed')).toEqual({ action: 'nothing-held' });
    expect(decideRelease('committed')).toEqual({ action: 'refuse-sold' });
  });
});

describe('decideCommit', () => {
  it('commits only a reservation, once', () => {
    expect(decideCommit('reserved')).toEqual({ action: 'commit' });
    expect(decideCommit('committed')).toEqual({ action: 'already-committed' });
    expect(decideCommit('released')).toEqual({ action: 'nothing-to-commit', status: 'released' });
    expect(decideCommit('failed')).toEqual({ action: 'nothing-to-commit', status: 'failed' });
    expect(decideCommit(undefined)).toEqual({ action: 'nothing-to-commit', status: 'unknown' });
  });
});
