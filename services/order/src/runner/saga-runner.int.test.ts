import {
  PaymentFailed,
  PaymentProcessed,
  PaymentRefunded,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@sagaflow/contracts';
import { waitFor } from '@sagaflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines, sagaDriver } from '../testing/saga-driver.js';

let fixture: OrderFixture;
let saga: ReturnType<typeof sagaDriver>;

beforeAll(async () => {
  fixture = await startOrderFixture('order_saga', { PAYMENT_TIMEOUT_MS: '1500', STOCK_TIMEOUT_MS: '20000' });
  saga = sagaDriver(fixture);
});
afterAll(() => fixture?.close());

const events = (view: Awaited<ReturnType<typeof saga.view>>) =>
  view.timeline.map((entry) => `${entry.event}:${entry.outcome}`);

describe('the saga runner', () => {
  it('runs the happy path, each reply delivered twice, and shows the timeline with publication times', async () => {
    const id = await saga.place();
    const [reserve] = await fixture.peer.waitForType('ReserveStock', id);
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 }, 2);
    const [charge] = await fixture.peer.waitForType('ProcessPayment', id);
    expect(charge?.payload).toEqual({ orderId: id, customerId: 'cust-1', amountCents: 2500 });
    expect(charge?.causationId).not.toBeNull();
    const processed = await saga.reply(
      PaymentProcessed,
      { orderId: id, paymentId: 'p-1', amountCents: 2500 },
      2,
    );
    await fixture.peer.waitForType('CommitStock', id);
    await fixture.peer.waitForType('OrderConfirmed', id);
    await saga.waitForStatus(id, 'confirmed');
    // A sentinel on the same partition: once it is on the timeline, the duplicates were consumed before it.
    await saga.reply(PaymentFailed, { orderId: id, reason: 'insufficient_funds' });
    const view = await saga.waitForTimeline(id, 4);
    expect(view.order).toMatchObject({ status: 'confirmed', totalCents: 2500, lines, failureReason: null });
    expect(view.saga).toMatchObject({ machineVersion: 2, state: 'confirmed', accepts: [] });
    // Its releaseStock stays in the snapshot, but a confirmed saga runs no compensation.
    expect(view.saga.compensationsPending).toEqual([]);
    expect(events(view)).toEqual([
      'OrderPlaced:transitioned',
      'StockReserved:transitioned',
      'PaymentProcessed:transitioned',
      'PaymentFailed:ignored',
    ]);
    const confirmedStep = view.timeline[2];
    expect(confirmedStep).toMatchObject({
      from: 'processingPayment',
      to: 'confirmed',
      actor: 'payment',
      messageId: processed.id,
    });
    expect(confirmedStep?.messages.map((message) => message.type)).toEqual([
      'CommitStock',
      'OrderConfirmed',
      'OrderStatusChanged',
    ]);
    expect(view.timeline[0]?.messages.map((message) => message.type)).toEqual([
      'OrderCreated',
      'ReserveStock',
    ]);
    expect(view.timeline[0]?.messages[1]?.id).toBe(reserve?.id);
    await waitFor(
      async () =>
        (await saga.view(id)).timeline.every((entry) =>
          entry.messages.every((message) => message.publishedAt !== null),
        ),
      10_000,
    );
  });

  it('an insufficient-funds payment releases the stock and cancels; duplicates change nothing', async () => {
    const id = await saga.place();
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
    await fixture.peer.waitForType('ProcessPayment', id);
    await saga.reply(PaymentFailed, { orderId: id, reason: 'insufficient_funds' }, 2);
    const [release] = await fixture.peer.waitForType('ReleaseStock', id);
    expect(release?.payload).toEqual({ orderId: id, reason: 'payment failed: insufficient_funds' });
    await saga.reply(StockReleased, { orderId: id, lines: [{ sku: 'MUG', quantity: 2 }] }, 2);
    const view = await saga.waitForStatus(id, 'cancelled');
    expect(view.order.failureReason).toBe('payment failed: insufficient_funds');
    expect(events(view)).toEqual([
      'OrderPlaced:transitioned',
      'StockReserved:transitioned',
      'PaymentFailed:transitioned',
      'StockReleased:transitioned',
    ]);
    await fixture.peer.waitForType('OrderCancelled', id);
  });

  it('out of stock cancels without payment; a duplicate failure changes nothing', async () => {
    const id = await saga.place();
    await saga.reply(
      StockReservationFailed,
      {
        orderId: id,
        reason: 'out_of_stock',
        shortfalls: [{ sku: 'MUG', requested: 2, available: 0, reason: 'insufficient_stock' }],
      },
      2,
    );
    const view = await saga.waitForStatus(id, 'cancelled');
    expect(view.order.failureReason).toBe('out of stock: MUG (requested 2, available 0)');
    expect(fixture.peer.ofType('ProcessPayment', id)).toEqual([]);
    expect(view.timeline).toHaveLength(2);
  });

  it('records an out-of-order reply as ignored and carries on', async () => {
    const id = await saga.place();
    await saga.reply(PaymentProcessed, { orderId: id, paymentId: 'p-early', amountCents: 1 });
    const ignored = await saga.waitForTimeline(id, 2);
    expect(ignored.timeline[1]).toMatchObject({
      event: 'PaymentProcessed',
      outcome: 'ignored',
      from: 'reservingStock',
      to: 'reservingStock',
      reason: 'reservingStock does not accept PaymentProcessed',
      messages: [],
    });
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
    await saga.waitForStatus(id, 'processingPayment');
  });

  it('a missed payment deadline refunds then releases; a late payment is refunded again, a duplicate refund reply ignored', async () => {
    const id = await saga.place();
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
    const compensating = await saga.waitForStatus(id, 'compensating', 10_000);
    expect(compensating.timeline.at(-1)).toMatchObject({
      event: 'DeadlineExpired',
      actor: 'deadline',
      to: 'compensating',
    });
    expect(compensating.saga.compensationsPending).toEqual(['refundPayment', 'releaseStock']);
    await fixture.peer.waitForType('RefundPayment', id);
    await saga.reply(PaymentProcessed, { orderId: id, paymentId: 'p-late', amountCents: 2500 });
    await fixture.peer.waitForType('RefundPayment', id, 2);
    const afterLate = await saga.waitForTimeline(id, 4);
    expect(afterLate.timeline[3]).toMatchObject({
      event: 'PaymentProcessed',
      outcome: 'handled',
      messages: [{ type: 'RefundPayment' }],
    });
    await saga.reply(PaymentRefunded, { orderId: id, amountCents: 2500 }, 2);
    await fixture.peer.waitForType('ReleaseStock', id);
    await saga.reply(StockReleased, { orderId: id, lines: [{ sku: 'MUG', quantity: 2 }] });
    const cancelled = await saga.waitForStatus(id, 'cancelled');
    expect(cancelled.order.failureReason).toBe('payment missed its deadline');
    await saga.reply(PaymentRefunded, { orderId: id, amountCents: 2500 });
    const final = await saga.waitForTimeline(id, 7);
    expect(final.timeline.at(-1)).toMatchObject({
      event: 'PaymentRefunded',
      outcome: 'ignored',
      to: 'cancelled',
    });
  });
});
