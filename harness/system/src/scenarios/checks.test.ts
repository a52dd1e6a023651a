import { describe, expect, it } from 'vitest';
import type { OrderView, TimelineEntry } from '../client/types.js';
import { judge } from './facts.js';
import { effectFacts, eventWrote, type Snapshot } from './fixtures.js';
import { happyPathExpected } from './happy-path.js';
import { paymentTimeoutExpected, refundAfterDeadline } from './payment-timeout.js';

const orderId = 'order-1';

function snap(
  product: { onHand: number; reserved: number; sold: number },
  balanceCents: number,
  ledger: Snapshot['ledger'] = [],
  status?: 'charged' | 'refunded',
): Snapshot {
  return {
    product: { sku: 's', name: 'S', priceCents: 1_250, ...product },
    wallet: { customerId: 'c', balanceCents },
    ledger,
    payment:
      status === undefined
        ? undefined
        : {
            orderId,
            customerId: 'c',
            status,
            amountCents: 2_500,
            refundedCents: status === 'refunded' ? 2_500 : 0,
            paymentId: 'p',
            failureReason: null,
          },
  };
}

const debit = { orderId, kind: 'debit' as const, amountCents: 2_500, at: '2025-01-01T00:00:00Z' };
const other = { orderId: 'order-2', kind: 'debit' as const, amountCents: 99, at: '2025-01-01T00:00:00Z' };

describe('effectFacts and judge', () => {
  it('a happy path: one debit for the total, stock sold and no longer reserved', () => {
    const before = snap({ onHand: 10, reserved: 0, sold: 0 }, 10_000, [other]);
    const after = snap({ onHand: 8, reserved: 0, sold: 2 }, 7_500, [other, debit], 'charged');
    const verdict = judge(happyPathExpected(), {
      status: 'confirmed',
      ...effectFacts(before, after, orderId),
    });
    expect(verdict).toMatchObject({ ok: true, mismatches: [] });
    expect(verdict.actual).toBe(verdict.expected);
  });

  it('a double charge is caught and named', () => {
    const before = snap({ onHand: 10, reserved: 0, sold: 0 }, 10_000);
    const after = snap({ onHand: 8, reserved: 0, sold: 2 }, 5_000, [debit, debit], 'charged');
    const verdict = judge(happyPathExpected(), {
      status: 'confirmed',
      ...effectFacts(before, after, orderId),
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.mismatches).toEqual([
      'debits: expected 1, got 2',
      'debitedCents: expected 2500, got 5000',
      'balanceDelta: expected -2500, got -5000',
    ]);
  });

  it('a missing fact reads as missing, never as a match', () => {
    const verdict = judge({ status: 'confirmed', debits: 1 }, { status: 'confirmed' });
    expect(verdict.actual).toBe('status=confirmed, debits=(missing)');
    expect(verdict.ok).toBe(false);
  });
});

function entry(seq: number, event: string, wrote: string[] = []): TimelineEntry {
  return {
    seq,
    at: '2025-01-01T00:00:00.000Z',
    from: 'a',
    to: 'b',
    event,
    outcome: 'transitioned',
    actor: 'saga',
    reason: null,
    messageId: null,
    messages: wrote.map((type, index) => ({ id: `${seq}-${index}`, type, topic: 't', publishedAt: null })),
  };
}

function viewOf(...timeline: TimelineEntry[]): OrderView {
  return {
    order: {
      id: orderId,
      customerId: 'c',
      traceId: null,
      items: [],
      lines: null,
      totalCents: null,
      status: 'cancelled',
      failureReason: null,
      createdAt: '',
      updatedAt: '',
    },
    saga: {
      machineVersion: 2,
      state: 'cancelled',
      deadline: null,
      attempt: 1,
      accepts: [],
      compensationsPending: [],
    },
    timeline,
  };
}

describe('payment-timeout checks', () => {
  it('a refund written at the deadline or on the late PaymentProcessed counts; one before it does not', () => {
    expect(refundAfterDeadline(viewOf(entry(1, 'DeadlineExpired', ['RefundPayment'])))).toBe(true);
    const late = viewOf(
      entry(1, 'DeadlineExpired', ['ReleaseStock']),
      entry(2, 'StockReleased'),
      entry(3, 'PaymentProcessed', ['RefundPayment']),
    );
    expect(refundAfterDeadline(late)).toBe(true);
    expect(eventWrote(late, 'PaymentProcessed', 'RefundPayment')).toBe(true);
    expect(refundAfterDeadline(viewOf(entry(1, 'PaymentFailed', ['RefundPayment'])))).toBe(false);
    expect(
      refundAfterDeadline(
        viewOf(entry(1, 'RefundRequested', ['RefundPayment']), entry(2, 'DeadlineExpired')),
      ),
    ).toBe(false);
  });

  it('expects the charge and its refund to cancel out', () => {
    const expected = paymentTimeoutExpected();
    expect(expected.debitedCents).toBe(expected.creditedCents);
    expect(expected.balanceDelta).toBe(0);
  });
});
