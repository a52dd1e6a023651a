import { describe, expect, it } from 'vitest';
import { hopBreakdown, type SagaStamps } from './hops.js';

const saga = (id: string, over: Partial<SagaStamps> = {}): SagaStamps => ({
  id,
  placedAt: 1_005,
  reserveStockAckedAt: 1_010,
  reservedAt: 1_030,
  processPaymentAckedAt: 1_034,
  paidAt: 1_060,
  ...over,
});

describe('hopBreakdown', () => {
  it('splits due → terminal step into hops that add up', () => {
    const hops = hopBreakdown([saga('a')], new Map([['a', 1_000]]));
    expect(hops.post?.p50Ms).toBe(5);
    expect(hops.orderRelay1?.p50Ms).toBe(5);
    expect(hops.inventory?.p50Ms).toBe(20);
    expect(hops.orderRelay2?.p50Ms).toBe(4);
    expect(hops.payment?.p50Ms).toBe(26);
  });

  it('without relay acks (dual-write) folds each relay hop into the hop after it', () => {
    const hops = hopBreakdown(
      [saga('a', { reserveStockAckedAt: null, processPaymentAckedAt: null })],
      new Map([['a', 1_000]]),
    );
    expect(hops.orderRelay1).toBeNull();
    expect(hops.orderRelay2).toBeNull();
    expect(hops.inventory?.p50Ms).toBe(25);
    expect(hops.payment?.p50Ms).toBe(30);
  });

  it('skips sagas of another phase', () => {
    const hops = hopBreakdown([saga('elsewhere')], new Map([['a', 1_000]]));
    expect(hops.post).toBeNull();
  });
});
