import { describe, expect, it } from 'vitest';
import {
  type Claim,
  claimsOf,
  decideBatch,
  type LockedRows,
  type ReservationRecord,
  type StockCommand,
  skusToLock,
} from './batch-decisions.js';
import type { Priced, ProductStock } from './decisions.js';

function reserve(orderId: string, ...items: [sku: string, quantity: number][]): StockCommand {
  return {
    type: 'ReserveStock',
    payload: { orderId, customerId: 'c', items: items.map(([sku, quantity]) => ({ sku, quantity })) },
  };
}
const release = (orderId: string): StockCommand => ({
  type: 'ReleaseStock',
  payload: { orderId, reason: 'test' },
});
const commit = (orderId: string): StockCommand => ({ type: 'CommitStock', payload: { orderId } });

const mug = (onHand: number): ProductStock => ({ sku: 'MUG', name: 'Mug', priceCents: 1250, onHand });
const tea = (onHand: number): ProductStock => ({ sku: 'TEA', name: 'Tea', priceCents: 499, onHand });

function priced(product: ProductStock, quantity: number): Priced {
  const { sku, name, priceCents } = product;
  return { sku, name, quantity, unitPriceCents: priceCents, lineTotalCents: quantity * priceCents };
}

function holding(status: ReservationRecord['status'], ...lines: Priced[]): ReservationRecord {
  return { status, lines, shortfalls: [] };
}

/** The rows as applyStockCommands would lock them: every claim of the commands won unless already known. */
function locked(
  commands: readonly StockCommand[],
  products: ProductStock[],
  existing: Record<string, ReservationRecord> = {},
): LockedRows {
  const claimed: Claim[] = claimsOf(commands).filter((claim) => !(claim.orderId in existing));
  return {
    claimed,
    existing: new Map(Object.entries(existing)),
    products: new Map(products.map((product) => [product.sku, product])),
  };
}

function decide(
  commands: StockCommand[],
  products: ProductStock[],
  existing: Record<string, ReservationRecord> = {},
) {
  return decideBatch(commands, locked(commands, products, existing));
}

describe('claimsOf', () => {
  it('claims each order a reservation or release names, once, sorted, as its first such command leaves it', () => {
    const claims = claimsOf([
      commit('o3'),
      reserve('o3', ['MUG', 1]),
      release('o1'),
      reserve('o1', ['MUG', 1]),
      release('o2'),
      commit('o4'),
    ]);

    expect(claims).toEqual([
      { orderId: 'o1', status: 'released' },
      { orderId: 'o2', status: 'released' },
      { orderId: 'o3', status: 'reserved' },
    ]);
  });
});

describe('skusToLock', () => {
  it('locks what claimed orders ask for and what released or committed reservations hold, sorted, and nothing for a replay', () => {
    const commands = [
      reserve('new', ['TEA', 1], ['MUG', 1]),
      reserve('known', ['CUP', 1]),
      reserve('replayed', ['SPOON', 1]),
      release('held'),
      commit('sold'),
    ];
    const existing = new Map([
      ['known', holding('failed')],
      ['replayed', holding('reserved', { ...priced(mug(0), 1), sku: 'SPOON' })],
      ['held', holding('reserved', priced(tea(0), 2), { ...priced(mug(0), 1), sku: 'BOWL' })],
      ['sold', holding('committed', { ...priced(mug(0), 1), sku: 'PLATE' })],
    ]);

    expect(skusToLock(commands, new Set(['new']), existing)).toEqual(['BOWL', 'MUG', 'TEA']);
  });
});

describe('decideBatch', () => {
  it('lets each reservation see the stock the ones before it took', () => {
    const plan = decide(
      [reserve('o1', ['MUG', 3]), reserve('o2', ['MUG', 3]), reserve('o3', ['MUG', 2])],
      [mug(5)],
    );

    expect(plan.outcomes.map((outcome) => outcome.type === 'ReserveStock' && outcome.reply)).toEqual([
      { outcome: 'reserved', lines: [priced(mug(5), 3)], totalCents: 3750 },
      {
        outcome: 'failed',
        reason: 'out_of_stock',
        shortfalls: [{ sku: 'MUG', requested: 3, available: 2, reason: 'insufficient_stock' }],
      },
      { outcome: 'reserved', lines: [priced(mug(5), 2)], totalCents: 2500 },
    ]);
    expect(plan.stockMoves).toEqual([{ sku: 'MUG', onHand: -5, reserved: 5, sold: 0 }]);
    expect(plan.reservedLines).toEqual([
      { orderId: 'o1', lines: [priced(mug(5), 3)] },
      { orderId: 'o3', lines: [priced(mug(5), 2)] },
    ]);
    // The claims already inserted the reservations; only the failure is written.
    expect(plan.statusChanges).toEqual([
      {
        orderId: 'o2',
        status: 'failed',
        shortfalls: [{ sku: 'MUG', requested: 3, available: 2, reason: 'insufficient_stock' }],
      },
    ]);
  });

  it('reserves all lines of an order or none, even when an earlier order of the batch took the last unit', () => {
    const plan = decide([reserve('o1', ['TEA', 1]), reserve('o2', ['MUG', 1], ['TEA', 1])], [mug(5), tea(1)]);

    expect(plan.outcomes[1]).toMatchObject({
      reply: { outcome: 'failed', shortfalls: [{ sku: 'TEA', requested: 1, available: 0 }] },
    });
    expect(plan.stockMoves).toEqual([{ sku: 'TEA', onHand: -1, reserved: 1, sold: 0 }]);
  });

  it('gives a stock a release frees in the batch to a later reservation of the batch', () => {
    const existing = { held: holding('reserved', priced(mug(0), 3)) };

    const plan = decide(
      [reserve('early', ['MUG', 2]), release('held'), reserve('late', ['MUG', 2])],
      [mug(0)],
      existing,
    );

    expect(plan.outcomes.map((outcome) => outcome.type === 'ReserveStock' && outcome.reply.outcome)).toEqual([
      'failed',
      false,
      'reserved',
    ]);
    expect(plan.outcomes[1]).toMatchObject({
      decision: { action: 'release' },
      lines: [{ sku: 'MUG', quantity: 3 }],
    });
    expect(plan.stockMoves).toEqual([{ sku: 'MUG', onHand: 1, reserved: -1, sold: 0 }]);
  });

  it('answers a duplicate reservation with the first answer, whichever it was', () => {
    const plan = decide(
      [
        reserve('ok', ['MUG', 1]),
        reserve('short', ['MUG', 9]),
        reserve('ok', ['MUG', 2]),
        reserve('short', ['MUG', 1]),
      ],
      [mug(5)],
    );

    const [okFirst, shortFirst, okAgain, shortAgain] = plan.outcomes;
    expect(okAgain).toEqual({ ...okFirst, decidedBefore: 'reserved' });
    expect(shortAgain).toEqual({ ...shortFirst, decidedBefore: 'failed' });
    expect(plan.stockMoves).toEqual([{ sku: 'MUG', onHand: -1, reserved: 1, sold: 0 }]);
  });

  it('replays what a known order was decided before the batch', () => {
    const shortfalls = [{ sku: 'MUG', requested: 9, available: 5, reason: 'insufficient_stock' as const }];
    const existing = {
      reserved: holding('committed', priced(mug(0), 2)),
      failed: { status: 'failed' as const, lines: [], shortfalls },
      released: holding('released', priced(mug(0), 2)),
    };

    const plan = decide(
      [reserve('reserved', ['MUG', 1]), reserve('failed', ['MUG', 1]), reserve('released', ['MUG', 1])],
      [mug(5)],
      existing,
    );

    expect(plan.outcomes.map((outcome) => outcome.type === 'ReserveStock' && outcome.reply)).toEqual([
      { outcome: 'reserved', lines: [priced(mug(0), 2)], totalCents: 2500 },
      { outcome: 'failed', reason: 'out_of_stock', shortfalls },
      { outcome: 'failed', reason: 'order_released', shortfalls: [] },
    ]);
    expect(plan.stockMoves).toEqual([]);
    expect(plan.statusChanges).toEqual([]);
  });

  it('reserves and releases an order in one batch, leaving the stock where it was', () => {
    const plan = decide([reserve('o1', ['MUG', 2]), release('o1'), release('o1')], [mug(5)]);

    expect(plan.outcomes.slice(1)).toMatchObject([
      { decision: { action: 'release' }, lines: [{ sku: 'MUG', quantity: 2 }] },
      { decision: { action: 'already-released' }, lines: [{ sku: 'MUG', quantity: 2 }] },
    ]);
    expect(plan.stockMoves).toEqual([]);
    expect(plan.reservedLines).toEqual([{ orderId: 'o1', lines: [priced(mug(5), 2)] }]);
    expect(plan.statusChanges).toEqual([{ orderId: 'o1', status: 'released', shortfalls: [] }]);
  });

  it('tombstones an order released before it reserved, so its reservation in the same batch is refused', () => {
    const plan = decide([release('o1'), reserve('o1', ['MUG', 1])], [mug(5)]);

    expect(plan.outcomes).toMatchObject([
      { decision: { action: 'tombstone' }, lines: [] },
      { decidedBefore: 'released', reply: { outcome: 'failed', reason: 'order_released' } },
    ]);
    expect(plan.stockMoves).toEqual([]);
    // The claim already inserted the tombstone.
    expect(plan.statusChanges).toEqual([]);
  });

  it('sells a reservation once, and a later release of the batch does not un-sell it', () => {
    const plan = decide([reserve('o1', ['MUG', 2]), commit('o1'), commit('o1'), release('o1')], [mug(5)]);

    expect(plan.outcomes.slice(1)).toMatchObject([
      { decision: { action: 'commit' }, lines: 1 },
      { decision: { action: 'already-committed' } },
      { decision: { action: 'refuse-sold' }, lines: [] },
    ]);
    expect(plan.stockMoves).toEqual([{ sku: 'MUG', onHand: -2, reserved: 0, sold: 2 }]);
    expect(plan.statusChanges).toEqual([{ orderId: 'o1', status: 'committed', shortfalls: [] }]);
  });

  it('ignores a commit that comes before the order reserved, as when handled alone', () => {
    const plan = decide([commit('o1'), reserve('o1', ['MUG', 1]), commit('ghost')], [mug(5)]);

    expect(plan.outcomes).toMatchObject([
      { decision: { action: 'nothing-to-commit', status: 'unknown' } },
      { reply: { outcome: 'reserved' } },
      { decision: { action: 'nothing-to-commit', status: 'unknown' } },
    ]);
    expect(plan.statusChanges).toEqual([]);
  });

  it('commits and releases known reservations', () => {
    const existing = {
      toSell: holding('reserved', priced(mug(0), 2), priced(tea(0), 1)),
      toFree: holding('reserved', priced(mug(0), 1)),
      failed: holding('failed'),
    };

    const plan = decide([commit('toSell'), release('toFree'), release('failed')], [mug(0), tea(0)], existing);

    expect(plan.outcomes[2]).toMatchObject({
      decision: { action: 'nothing-held' },
      statusBefore: 'failed',
      lines: [],
    });
    expect(plan.stockMoves).toEqual([
      { sku: 'MUG', onHand: 1, reserved: -3, sold: 2 },
      { sku: 'TEA', onHand: 0, reserved: -1, sold: 1 },
    ]);
    expect(plan.statusChanges).toEqual([
      { orderId: 'toFree', status: 'released', shortfalls: [] },
      { orderId: 'toSell', status: 'committed', shortfalls: [] },
    ]);
  });

  it('refuses to move stock of a product it does not hold locked', () => {
    const existing = { held: holding('reserved', priced(mug(0), 1)) };

    expect(() => decide([release('held')], [], existing)).toThrow(/product MUG/);
  });
});
