import { describe, expect, it } from 'vitest';
import { audit } from './audit.js';
import type { Books, Expectations } from './books.js';

const confirmedId = 'o-confirmed';
const cancelledId = 'o-cancelled';
const parkedId = 'o-parked';

/** Books of a clean run: one confirmed order (2 × 500), one cancelled after a refund, one parked. */
function cleanBooks(): Books {
  return {
    orders: [
      { id: confirmedId, status: 'confirmed', customerId: 'alice', totalCents: 1000 },
      { id: cancelledId, status: 'cancelled', customerId: 'alice', totalCents: 500 },
      { id: parkedId, status: 'compensationFailed', customerId: 'bob', totalCents: null },
    ],
    parkedReasons: new Map([[parkedId, 'ReleaseStock unanswered after 5 attempts']]),
    parkedListed: new Set([parkedId]),
    reservations: [
      { orderId: confirmedId, status: 'committed' },
      { orderId: cancelledId, status: 'released' },
    ],
    reservationLines: [
      { orderId: confirmedId, sku: 'widget', quantity: 2 },
      { orderId: cancelledId, sku: 'widget', quantity: 1 },
    ],
    products: [{ sku: 'widget', onHand: 98, reserved: 0, sold: 2 }],
    wallets: [
      { customerId: 'alice', balanceCents: 9000 },
      { customerId: 'bob', balanceCents: 100 },
    ],
    walletEntries: [
      { orderId: null, customerId: 'alice', kind: 'credit', amountCents: 10_000 },
      { orderId: null, customerId: 'bob', kind: 'credit', amountCents: 100 },
      { orderId: confirmedId, customerId: 'alice', kind: 'debit', amountCents: 1000 },
      { orderId: cancelledId, customerId: 'alice', kind: 'debit', amountCents: 500 },
      { orderId: cancelledId, customerId: 'alice', kind: 'credit', amountCents: 500 },
    ],
    outboxRows: { order: 0, inventory: 0, payment: 0 },
    deadLetters: [
      {
        service: 'payment',
        topic: 'payment.commands',
        key: 'poison-1',
        type: null,
        reason: 'value is not JSON',
      },
    ],
    writtenByOrder: [{ id: 'm1', type: 'ReserveStock', orderId: confirmedId }],
    onTheBroker: new Map([
      ['m1', { type: 'ReserveStock', causationId: null }],
      ['r1', { type: 'StockReserved', causationId: 'm1' }],
    ]),
    handledByParticipants: [{ service: 'inventory', messageId: 'm1' }],
  };
}

function expectations(): Expectations {
  return {
    sagas: [
      { index: 0, kind: 'happy', orderId: confirmedId },
      { index: 1, kind: 'happy', orderId: cancelledId },
      { index: 2, kind: 'insufficient-funds', orderId: parkedId },
    ],
    initialStock: new Map([['widget', 100]]),
    seededCredits: new Map([
      ['alice', 10_000],
      ['bob', 100],
    ]),
    injectedPoisonKeys: new Set(['poison-1']),
  };
}

const checksOf = (books: Books, expected = expectations()) =>
  audit(books, expected).violations.map((violation) => `${violation.check} ${violation.subject}`);

describe('audit', () => {
  it('finds nothing wrong with clean books, and counts them', () => {
    const result = audit(cleanBooks(), expectations());
    expect(result).toMatchObject({
      sagas: 3,
      terminal: 3,
      confirmed: 1,
      cancelled: 1,
      parked: 1,
      violations: [],
    });
    expect(result.explainedDeadLetters).toEqual([
      'payment payment.commands key poison-1: injected poison; value is not JSON',
    ]);
  });

  it('flags a saga never accepted and an order that is not final', () => {
    const books = cleanBooks();
    (books.orders[1] as { status: string }).status = 'processingPayment';
    const expected = expectations();
    expected.sagas = [...expected.sagas, { index: 3, kind: 'happy', orderId: null }];
    expect(checksOf(books, expected)).toEqual(['accepted saga 3', `terminal ${cancelledId}`]);
  });

  it('flags a parked saga that is not listed or has no reason', () => {
    const books = cleanBooks();
    books.parkedListed = new Set();
    books.parkedReasons = new Map();
    expect(checksOf(books)).toEqual([`parked ${parkedId}`, `parked ${parkedId}`]);
  });

  it('flags a double charge, a missing refund and a wrong amount', () => {
    const doubled = cleanBooks();
    doubled.walletEntries.push({ orderId: confirmedId, customerId: 'alice', kind: 'credit', amountCents: 0 });
    expect(checksOf(doubled)).toContain(`charge ${confirmedId}`);

    const unrefunded = cleanBooks();
    unrefunded.walletEntries.pop();
    unrefunded.wallets[0] = { customerId: 'alice', balanceCents: 8500 };
    expect(checksOf(unrefunded)).toEqual([`charge ${cancelledId}`]);

    const wrongAmount = cleanBooks();
    wrongAmount.walletEntries[2] = {
      orderId: confirmedId,
      customerId: 'alice',
      kind: 'debit',
      amountCents: 900,
    };
    wrongAmount.wallets[0] = { customerId: 'alice', balanceCents: 9100 };
    expect(checksOf(wrongAmount)).toEqual([`charge ${confirmedId}`]);
  });

  it('flags stock left reserved for a cancelled order or never committed for a confirmed one', () => {
    const books = cleanBooks();
    books.reservations = [
      { orderId: confirmedId, status: 'reserved' },
      { orderId: cancelledId, status: 'reserved' },
    ];
    books.products = [{ sku: 'widget', onHand: 97, reserved: 3, sold: 0 }];
    expect(checksOf(books)).toEqual([`stock ${confirmedId}`, `stock ${cancelledId}`]);
  });

  it('flags stock that does not add up, and counters that disagree with the reservations', () => {
    const oversold = cleanBooks();
    oversold.products = [{ sku: 'widget', onHand: 99, reserved: 0, sold: 2 }];
    expect(checksOf(oversold)).toEqual(['stock widget']);

    const drifted = cleanBooks();
    drifted.products = [{ sku: 'widget', onHand: 97, reserved: 1, sold: 2 }];
    expect(checksOf(drifted)).toEqual(['stock widget']);
  });

  it('flags a wallet whose books do not balance: credits ≠ balance + charges - refunds', () => {
    const richer = cleanBooks();
    richer.wallets[0] = { customerId: 'alice', balanceCents: 9001 };
    expect(checksOf(richer)).toEqual(['books alice']);
    expect(audit(richer, expectations()).violations[0]?.detail).toBe(
      'credits 10000 ≠ balance 9001 + charges 1500 - refunds 500',
    );

    const refundNotInBalance = cleanBooks();
    refundNotInBalance.walletEntries.push({
      orderId: parkedId,
      customerId: 'bob',
      kind: 'credit',
      amountCents: 40,
    });
    expect(checksOf(refundNotInBalance)).toEqual(['books bob']);

    const debitForNoOrder = cleanBooks();
    debitForNoOrder.walletEntries.push({ orderId: null, customerId: 'bob', kind: 'debit', amountCents: 10 });
    debitForNoOrder.wallets[1] = { customerId: 'bob', balanceCents: 90 };
    expect(checksOf(debitForNoOrder)).toEqual(['books bob']);
  });

  it('flags a wallet credited other than the run seeded it, or seeded and missing', () => {
    const seededTwice = cleanBooks();
    seededTwice.walletEntries.push({ orderId: null, customerId: 'bob', kind: 'credit', amountCents: 100 });
    seededTwice.wallets[1] = { customerId: 'bob', balanceCents: 200 };
    expect(checksOf(seededTwice)).toEqual(['money bob']);

    const missing = cleanBooks();
    missing.wallets.pop();
    missing.walletEntries = missing.walletEntries.filter((entry) => entry.customerId !== 'bob');
    expect(checksOf(missing)).toEqual(['money bob']);
  });

  it('flags a non-happy saga that was confirmed, and effects for unknown orders', () => {
    const books = cleanBooks();
    const expected = expectations();
    expected.sagas = [{ index: 0, kind: 'out-of-stock', orderId: confirmedId }];
    books.walletEntries.push({ orderId: 'ghost', customerId: 'bob', kind: 'debit', amountCents: 10 });
    books.wallets[1] = { customerId: 'bob', balanceCents: 90 };
    expect(checksOf(books, expected)).toEqual([`outcome ${confirmedId}`, 'orphan ghost']);
  });

  it('flags a non-empty outbox, an unexplained dead letter and a message lost on its way to the broker', () => {
    const books = cleanBooks();
    books.outboxRows.inventory = 2;
    books.deadLetters.push({
      service: 'order',
      topic: 'order.saga-replies',
      key: 'o-1',
      type: 'StockReserved',
      reason: 'handler failed',
    });
    books.writtenByOrder.push({ id: 'm2', type: 'CommitStock', orderId: confirmedId });
    expect(checksOf(books)).toEqual([
      'outbox inventory',
      'dead-letter order order.saga-replies',
      `lost-message ${confirmedId}`,
    ]);
  });

  it('flags a command a participant handled whose reply never reached the broker', () => {
    const books = cleanBooks();
    books.onTheBroker.delete('r1');
    books.onTheBroker.set('m3', { type: 'CommitStock', causationId: null });
    books.handledByParticipants.push({ service: 'inventory', messageId: 'm3' });
    expect(checksOf(books)).toEqual(['lost-message inventory']);
  });

  it('names the type of every lost message', () => {
    const books = cleanBooks();
    books.onTheBroker.clear();
    expect(audit(books, expectations()).violations.map((violation) => violation.messageType)).toEqual([
      'ReserveStock',
    ]);
  });
});
