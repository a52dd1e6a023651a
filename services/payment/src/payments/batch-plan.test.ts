import { describe, expect, it } from 'vitest';
import { ordersToLock, type PaymentCommand, planBatch, walletsToLock } from './batch-plan.js';
import type { LockedWallets, PaymentState } from './batch-state.js';

const alice = 'customer-alice';
const bob = 'customer-bob';
const [order1, order2, order3] = [
  '0190a1b2-0000-7000-8000-000000000001',
  '0190a1b2-0000-7000-8000-000000000002',
  '0190a1b2-0000-7000-8000-000000000003',
];

function charge(orderId: string, customerId: string, amountCents: number): PaymentCommand {
  return { type: 'ProcessPayment', payload: { orderId, customerId, amountCents } };
}

function refund(orderId: string): PaymentCommand {
  return { type: 'RefundPayment', payload: { orderId, reason: 'compensation' } };
}

function charged(orderId: string, customerId: string, amountCents: number): PaymentState {
  return {
    orderId,
    paymentId: `stored-${orderId}`,
    customerId,
    amountCents,
    refundedCents: 0,
    status: 'charged',
    failureReason: null,
  };
}

function wallets(balances: Record<string, number | null>): LockedWallets {
  return new Map(
    Object.entries(balances).map(([customerId, balanceCents]) => [
      customerId,
      balanceCents === null ? null : { balanceCents },
    ]),
  );
}

/** Ids in the order the plan asks for them, so a test can name them. */
function ids(): () => string {
  let next = 0;
  return () => `id-${++next}`;
}

describe('ordersToLock', () => {
  it('names each order once, in lower case, sorted', () => {
    const commands = [charge(order2, alice, 1), refund(order1.toUpperCase()), charge(order2, alice, 1)];
    expect(ordersToLock(commands)).toEqual([order1, order2]);
  });
});

describe('walletsToLock', () => {
  it('locks the customer of a charge for an order with no row, each once, sorted', () => {
    const commands = [charge(order1, bob, 1), charge(order2, alice, 1), charge(order3, bob, 1)];
    expect(walletsToLock(commands, [])).toEqual([alice, bob]);
  });

  it('does not lock the wallet of an order that already has an answer', () => {
    expect(walletsToLock([charge(order1, alice, 1)], [charged(order1, alice, 1)])).toEqual([]);
  });

  it('locks the stored customer of a charged row being refunded, and no wallet for other refunds', () => {
    const stored: PaymentState[] = [
      charged(order1, bob, 100),
      { ...charged(order2, alice, 100), status: 'failed', failureReason: 'insufficient_funds' },
    ];
    expect(walletsToLock([refund(order1), refund(order2), refund(order3)], stored)).toEqual([bob]);
  });
});

describe('planBatch', () => {
  it('draws two orders of one customer on the running balance and refuses the one that would overdraw', () => {
    const commands = [charge(order1, alice, 600), charge(order2, alice, 300), charge(order3, alice, 200)];

    const { results, writes } = planBatch(commands, [], wallets({ [alice]: 1_000 }), ids());

    expect(results.map((result) => result.reply)).toEqual([
      { type: 'PaymentProcessed', payload: { orderId: order1, paymentId: 'id-1', amountCents: 600 } },
      { type: 'PaymentProcessed', payload: { orderId: order2, paymentId: 'id-3', amountCents: 300 } },
      { type: 'PaymentFailed', payload: { orderId: order3, reason: 'insufficient_funds' } },
    ]);
    expect(results.map((result) => result.note.fields.balanceAfterCents)).toEqual([400, 100, undefined]);
    expect(writes.walletChanges).toEqual([{ customerId: alice, deltaCents: -900 }]);
    expect(
      writes.ledgerEntries.map((entry) => `${entry.orderId}:${entry.kind}:${entry.amountCents}`),
    ).toEqual([`${order1}:debit:600`, `${order2}:debit:300`]);
    expect(writes.newPayments.map((row) => [row.orderId, row.status, row.failureReason])).toEqual([
      [order1, 'charged', null],
      [order2, 'charged', null],
      [order3, 'failed', 'insufficient_funds'],
    ]);
  });

  it('repeats the first answer to a duplicate charge of the order, warning when the amount differs', () => {
    const commands = [charge(order1, alice, 500), charge(order1, alice, 500), charge(order1, alice, 999)];

    const { results, writes } = planBatch(commands, [], wallets({ [alice]: 1_000 }), ids());

    const first = {
      type: 'PaymentProcessed',
      payload: { orderId: order1, paymentId: 'id-1', amountCents: 500 },
    };
    expect(results.map((result) => result.reply)).toEqual([first, first, first]);
    expect(results.map((result) => result.note.level)).toEqual(['info', 'info', 'warn']);
    expect(results[2]?.note.fields).toEqual({ requestedCents: 999, chargedCents: 500 });
    expect(writes.ledgerEntries).toHaveLength(1);
    expect(writes.walletChanges).toEqual([{ customerId: alice, deltaCents: -500 }]);
  });

  it('repeats a refusal to a later charge of the order, even once a refund made room', () => {
    const stored = [charged(order2, alice, 300)];
    const commands = [charge(order1, alice, 500), refund(order2), charge(order1, alice, 500)];

    const { results } = planBatch(commands, stored, wallets({ [alice]: 400 }), ids());

    expect(results.map((result) => result.reply.payload)).toEqual([
      { orderId: order1, reason: 'insufficient_funds' },
      { orderId: order2, amountCents: 300 },
      { orderId: order1, reason: 'insufficient_funds' },
    ]);
  });

  it('charges then refunds one order: one new refunded row, a debit and a credit, no net change', () => {
    const { results, writes } = planBatch(
      [charge(order1, alice, 400), refund(order1), refund(order1), charge(order1, alice, 400)],
      [],
      wallets({ [alice]: 1_000 }),
      ids(),
    );

    expect(results.map((result) => result.reply)).toEqual([
      { type: 'PaymentProcessed', payload: { orderId: order1, paymentId: 'id-1', amountCents: 400 } },
      { type: 'PaymentRefunded', payload: { orderId: order1, amountCents: 400 } },
      { type: 'PaymentRefunded', payload: { orderId: order1, amountCents: 400 } },
      { type: 'PaymentFailed', payload: { orderId: order1, reason: 'order_refunded' } },
    ]);
    expect(writes.newPayments).toEqual([
      {
        orderId: order1,
        paymentId: 'id-1',
        customerId: alice,
        amountCents: 400,
        refundedCents: 400,
        status: 'refunded',
        failureReason: null,
      },
    ]);
    expect(writes.ledgerEntries.map((entry) => entry.kind)).toEqual(['credit', 'debit']);
    expect(writes.walletChanges).toEqual([{ customerId: alice, deltaCents: 0 }]);
  });

  it('credits a stored charge back, and a later charge of the customer can spend it', () => {
    const stored = [charged(order1, alice, 700)];

    const { results, writes } = planBatch(
      [refund(order1), charge(order2, alice, 900)],
      stored,
      wallets({ [alice]: 300 }),
      ids(),
    );

    expect(results.map((result) => result.reply.type)).toEqual(['PaymentRefunded', 'PaymentProcessed']);
    expect(writes.changedPayments).toEqual([{ orderId: order1, status: 'refunded', refundedCents: 700 }]);
    expect(writes.newPayments.map((row) => row.orderId)).toEqual([order2]);
    expect(writes.walletChanges).toEqual([{ customerId: alice, deltaCents: -200 }]);
  });

  it('voids an order refunded before its charge, and the late charge is refused without its wallet', () => {
    const { results, writes } = planBatch([refund(order1), charge(order1, alice, 100)], [], new Map(), ids());

    expect(results.map((result) => result.reply.payload)).toEqual([
      { orderId: order1, amountCents: 0 },
      { orderId: order1, reason: 'order_refunded' },
    ]);
    expect(writes.newPayments).toMatchObject([{ orderId: order1, status: 'voided', customerId: null }]);
    expect(writes.ledgerEntries).toEqual([]);
    expect(writes.walletChanges).toEqual([]);
  });

  it('refuses a customer without a wallet, and leaves failed and voided rows alone on refund', () => {
    const stored: PaymentState[] = [
      { ...charged(order2, alice, 100), status: 'failed', failureReason: 'insufficient_funds' },
    ];

    const { results, writes } = planBatch(
      [charge(order1, bob, 100), refund(order1), refund(order2)],
      stored,
      wallets({ [bob]: null }),
      ids(),
    );

    expect(results.map((result) => result.reply.payload)).toEqual([
      { orderId: order1, reason: 'wallet_not_found' },
      { orderId: order1, amountCents: 0 },
      { orderId: order2, amountCents: 0 },
    ]);
    expect(writes.newPayments).toMatchObject([{ orderId: order1, status: 'failed' }]);
    expect(writes.changedPayments).toEqual([]);
  });

  it('finds the stored row of an order named in upper case, and replies with the name it was given', () => {
    const upper = order1.toUpperCase();

    const { results, writes } = planBatch(
      [charge(upper, alice, 5)],
      [charged(order1, alice, 5)],
      new Map(),
      ids(),
    );

    expect(results[0]?.reply).toEqual({
      type: 'PaymentProcessed',
      payload: { orderId: upper, paymentId: `stored-${order1}`, amountCents: 5 },
    });
    expect(writes.newPayments).toEqual([]);
  });

  it('writes every list sorted by its key, whatever order the commands came in', () => {
    const commands = [charge(order3, bob, 1), charge(order1, alice, 1), charge(order2, bob, 1)];

    const { writes } = planBatch(commands, [], wallets({ [alice]: 10, [bob]: 10 }), ids());

    expect(writes.newPayments.map((row) => row.orderId)).toEqual([order1, order2, order3]);
    expect(writes.ledgerEntries.map((entry) => entry.orderId)).toEqual([order1, order2, order3]);
    expect(writes.walletChanges.map((change) => change.customerId)).toEqual([alice, bob]);
  });

  it('throws rather than decide on a wallet that was not locked', () => {
    expect(() => planBatch([charge(order1, alice, 1)], [], new Map(), ids())).toThrow(/not locked/);
  });
});
