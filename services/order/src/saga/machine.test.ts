import { describe, expect, it } from 'vitest';
import { advanceSaga, type SagaStep, startSaga } from './advance.js';
import type { SagaEvent } from './events.js';
import { acceptedEvents, deadlineOf } from './inspect.js';
import { sagaMachine } from './versions.js';

const orderId = '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f';
const t0 = '2026-11-23T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString();
const lines = [{ sku: 'MUG', name: 'Mug', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 }];

const reply = {
  stockReserved: (s = 1): SagaEvent => ({
    type: 'StockReserved',
    payload: { orderId, lines, totalCents: 2500 },
    at: at(s),
  }),
  outOfStock: (s = 1): SagaEvent => ({
    type: 'StockReservationFailed',
    payload: {
      orderId,
      reason: 'out_of_stock',
      shortfalls: [
        { sku: 'MUG', requested: 2, available: 1, reason: 'insufficient_stock' },
        { sku: 'HAT', requested: 1, available: 0, reason: 'unknown_sku' },
      ],
    },
    at: at(s),
  }),
  stockReleased: (s = 3): SagaEvent => ({
    type: 'StockReleased',
    payload: { orderId, lines: [] },
    at: at(s),
  }),
  paymentProcessed: (s = 2): SagaEvent => ({
    type: 'PaymentProcessed',
    payload: { orderId, paymentId: 'p-1', amountCents: 2500 },
    at: at(s),
  }),
  paymentFailed: (s = 2): SagaEvent => ({
    type: 'PaymentFailed',
    payload: { orderId, reason: 'insufficient_funds' },
    at: at(s),
  }),
  paymentRefunded: (s = 3): SagaEvent => ({
    type: 'PaymentRefunded',
    payload: { orderId, amountCents: 2500 },
    at: at(s),
  }),
  deadline: (s: number): SagaEvent => ({ type: 'DeadlineExpired', at: at(s) }),
  retry: (s: number): SagaEvent => ({
    type: 'RetryStep',
    actor: 'ops-ann',
    reason: 'broker fixed',
    at: at(s),
  }),
  force: (s: number): SagaEvent => ({
    type: 'ForceCompensation',
    actor: 'ops-ann',
    reason: 'customer called',
    at: at(s),
  }),
  resolve: (s: number): SagaEvent => ({
    type: 'Resolve',
    actor: 'ops-ann',
    reason: 'refunded by hand',
    at: at(s),
  }),
};

/** A saga placed on `version`, driven through `events`; every step goes through JSON as it would in Postgres. */
function given(version: number, ...events: SagaEvent[]): SagaStep {
  const machine = sagaMachine(version);
  let step = startSaga(machine, {
    orderId,
    customerId: 'cust-1',
    items: [{ sku: 'MUG', quantity: 2 }],
    at: t0,
    compensationMaxAttempts: 3,
  });
  for (const event of events) step = advanceSaga(machine, JSON.parse(JSON.stringify(step.persisted)), event);
  return step;
}

function when(step: SagaStep, event: SagaEvent, version = 2): SagaStep {
  return advanceSaga(sagaMachine(version), JSON.parse(JSON.stringify(step.persisted)), event);
}

const commandTypes = (step: SagaStep) => step.commands.map((command) => command.type);

describe('the order saga, happy path', () => {
  it('placing an order announces it, then reserves its stock', () => {
    const step = given(2);
    expect(step.to).toBe('reservingStock');
    expect(step.commands).toEqual([
      {
        type: 'OrderCreated',
        payload: { orderId, customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }], createdAt: t0 },
      },
      {
        type: 'ReserveStock',
        payload: { orderId, customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }] },
      },
    ]);
  });

  it('reserved stock charges the priced total', () => {
    const step = when(given(2), reply.stockReserved());
    expect(step).toMatchObject({ from: 'reservingStock', to: 'processingPayment', outcome: 'transitioned' });
    expect(step.commands).toEqual([
      { type: 'ProcessPayment', payload: { orderId, customerId: 'cust-1', amountCents: 2500 } },
    ]);
    expect(step.context).toMatchObject({
      lines,
      totalCents: 2500,
      compensations: [{ step: 'releaseStock' }],
    });
  });

  it('a processed payment confirms the order and commits the stock', () => {
    const step = when(given(2, reply.stockReserved()), reply.paymentProcessed());
    expect(step.to).toBe('confirmed');
    expect(commandTypes(step)).toEqual(['CommitStock', 'OrderConfirmed']);
    expect(step.snapshot.hasTag('terminal')).toBe(true);
  });
});

describe('the order saga, failures and compensation', () => {
  it('out of stock cancels without attempting payment, naming the short lines', () => {
    const step = when(given(2), reply.outOfStock());
    expect(step.to).toBe('cancelled');
    expect(commandTypes(step)).toEqual(['OrderCancelled']);
    expect(step.context.failureReason).toBe(
      'out of stock: MUG (requested 2, available 1), HAT (unknown sku)',
    );
  });

  it('a failed payment releases the stock, then cancels', () => {
    const compensating = when(given(2, reply.stockReserved()), reply.paymentFailed());
    expect(compensating.to).toBe('compensating');
    expect(compensating.commands).toEqual([
      { type: 'ReleaseStock', payload: { orderId, reason: 'payment failed: insufficient_funds' } },
    ]);
    const cancelled = when(compensating, reply.stockReleased());
    expect(cancelled.to).toBe('cancelled');
    expect(commandTypes(cancelled)).toEqual(['OrderCancelled']);
  });

  it('a missed stock deadline releases whatever may have been reserved', () => {
    const step = when(given(2), reply.deadline(10));
    expect(step.to).toBe('compensating');
    expect(commandTypes(step)).toEqual(['ReleaseStock']);
    expect(when(step, reply.stockReleased(11)).to).toBe('cancelled');
  });

  it('version 2: a missed payment deadline refunds, then releases: compensations run in reverse', () => {
    const refunding = when(given(2, reply.stockReserved()), reply.deadline(10));
    expect(refunding.to).toBe('compensating');
    expect(commandTypes(refunding)).toEqual(['RefundPayment']);
    const releasing = when(refunding, reply.paymentRefunded(11));
    expect(releasing).toMatchObject({ to: 'compensating', outcome: 'handled' });
    expect(commandTypes(releasing)).toEqual(['ReleaseStock']);
    expect(when(releasing, reply.stockReleased(12)).to).toBe('cancelled');
  });

  it('version 2: a late PaymentProcessed while compensating is refunded, and a duplicate refund reply ignored', () => {
    const refunding = given(2, reply.stockReserved(), reply.deadline(10));
    const late = when(refunding, reply.paymentProcessed(11));
    expect(late).toMatchObject({ to: 'compensating', outcome: 'handled' });
    expect(commandTypes(late)).toEqual(['RefundPayment']);
    const releasing = when(late, reply.paymentRefunded(12));
    expect(commandTypes(releasing)).toEqual(['ReleaseStock']);
    const cancelled = when(releasing, reply.stockReleased(13));
    expect(cancelled.to).toBe('cancelled');
    expect(when(cancelled, reply.paymentRefunded(14)).outcome).toBe('ignored');
  });

  it('version 1: a missed payment deadline only releases stock; a late payment is refunded after cancelling', () => {
    const releasing = given(1, reply.stockReserved(), reply.deadline(10));
    expect(commandTypes(releasing)).toEqual(['ReleaseStock']);
    const cancelled = when(releasing, reply.stockReleased(11), 1);
    expect(cancelled.to).toBe('cancelled');
    const late = when(cancelled, reply.paymentProcessed(12), 1);
    expect(late).toMatchObject({ to: 'cancelled', outcome: 'handled' });
    expect(commandTypes(late)).toEqual(['RefundPayment']);
  });

  it('a late StockReserved after cancelling is released again', () => {
    const cancelled = given(2, reply.deadline(10), reply.stockReleased(11));
    const late = when(cancelled, reply.stockReserved(12));
    expect(late.outcome).toBe('handled');
    expect(commandTypes(late)).toEqual(['ReleaseStock']);
  });
});

describe('the order saga, compensation that keeps failing', () => {
  const exhausted = () =>
    given(2, reply.stockReserved(), reply.paymentFailed(), reply.deadline(20), reply.deadline(40));

  it('retries the compensation within its budget, then parks', () => {
    const retried = given(2, reply.stockReserved(), reply.paymentFailed(), reply.deadline(20));
    expect(retried).toMatchObject({ to: 'compensating', outcome: 'handled' });
    expect(commandTypes(retried)).toEqual(['ReleaseStock']);
    expect(retried.context).toMatchObject({ attempt: 2, stepStartedAt: at(20) });
    const parked = when(exhausted(), reply.deadline(60));
    expect(parked.to).toBe('compensationFailed');
    expect(parked.commands).toEqual([]);
    expect(parked.context.failureReason).toBe(
      'payment failed: insufficient_funds; compensation releaseStock failed 3 times',
    );
    expect(parked.snapshot.hasTag('parked')).toBe(true);
  });

  it('a parked saga retried by an operator sends the compensation again', () => {
    const parked = when(exhausted(), reply.deadline(60));
    const retried = when(parked, reply.retry(100));
    expect(retried.to).toBe('compensating');
    expect(commandTypes(retried)).toEqual(['ReleaseStock']);
    expect(retried.context.attempt).toBe(1);
    expect(when(retried, reply.stockReleased(101)).to).toBe('cancelled');
  });

  it('a parked saga resolved by an operator records who and why', () => {
    const resolved = when(when(exhausted(), reply.deadline(60)), reply.resolve(100));
    expect(resolved.to).toBe('resolved');
    expect(resolved.context.resolution).toEqual({ actor: 'ops-ann', reason: 'refunded by hand' });
  });

  it('a compensation reply arriving after parking completes the saga', () => {
    const parked = when(exhausted(), reply.deadline(60));
    expect(when(parked, reply.stockReleased(70)).to).toBe('cancelled');
  });
});

describe('the order saga, operator controls', () => {
  it('retrying the current step sends its command again with a fresh deadline', () => {
    const retried = when(given(2), reply.retry(5));
    expect(retried).toMatchObject({ to: 'reservingStock', outcome: 'handled' });
    expect(commandTypes(retried)).toEqual(['ReserveStock']);
    expect(retried.context).toMatchObject({ attempt: 2, stepStartedAt: at(5) });
  });

  it('forcing compensation during payment refunds and releases, recording who and why', () => {
    const forced = when(given(2, reply.stockReserved()), reply.force(5));
    expect(commandTypes(forced)).toEqual(['RefundPayment']);
    expect(forced.context.failureReason).toBe('compensation forced by ops-ann: customer called');
    expect(commandTypes(when(forced, reply.paymentRefunded(6)))).toEqual(['ReleaseStock']);
  });

  it('forcing compensation while reserving releases the stock', () => {
    expect(commandTypes(when(given(2), reply.force(5)))).toEqual(['ReleaseStock']);
  });

  it('resolving is only for parked sagas', () => {
    expect(when(given(2, reply.stockReserved()), reply.resolve(5)).outcome).toBe('ignored');
  });
});

describe('the order saga, unexpected replies', () => {
  it.each([
    ['a payment reply while reserving', given(2), reply.paymentProcessed()],
    ['a duplicate StockReserved while paying', given(2, reply.stockReserved()), reply.stockReserved(2)],
    [
      'anything once confirmed',
      given(2, reply.stockReserved(), reply.paymentProcessed()),
      reply.paymentFailed(5),
    ],
    ['a release nobody asked for', given(2), reply.stockReleased()],
  ])('%s is ignored and changes nothing', (_, before, event) => {
    const step = when(before, event);
    expect(step.outcome).toBe('ignored');
    expect(step.commands).toEqual([]);
    expect(step.persisted).toEqual(before.persisted);
  });
});

describe('deadlines and accepted events', () => {
  const timeouts = { stock: 5_000, payment: 8_000, compensation: 3_000 };

  it('a waiting step has a deadline counted from when it began', () => {
    const paying = given(2, reply.stockReserved(4));
    expect(deadlineOf(paying.snapshot, timeouts)?.toISOString()).toBe(at(12));
    expect(
      deadlineOf(given(2, reply.stockReserved(), reply.paymentProcessed()).snapshot, timeouts),
    ).toBeNull();
  });

  it('lists the events the state accepts, with the deadline', () => {
    const paying = given(2, reply.stockReserved(4));
    expect(acceptedEvents(sagaMachine(2), paying.snapshot, timeouts)).toEqual(
      ['PaymentProcessed', 'PaymentFailed', 'DeadlineExpired', 'ForceCompensation', 'RetryStep'].map(
        (event) => ({
          event,
          deadline: at(12),
        }),
      ),
    );
  });
});
