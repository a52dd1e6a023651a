import { ROOT_CONTEXT } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSaga } from '../saga/advance.js';
import type { SagaEvent } from '../saga/events.js';
import { deadlineOf } from '../saga/inspect.js';
import { sagaMachine } from '../saga/versions.js';
import { type LockedSaga, planSteps, type SagaEventInput, type StepsPlan } from './plan-steps.js';
import type { StepCause } from './runtime.js';

const timeouts = { stock: 30_000, payment: 30_000, compensation: 30_000 };
const sagaIds = ['0192f0a4-6b1e-7c3d-8e9f-000000000001', '0192f0a4-6b1e-7c3d-8e9f-000000000002'];
const unknownId = '0192f0a4-6b1e-7c3d-8e9f-00000000dead';
const t0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const lines = [{ sku: 'MUG', name: 'Mug', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 }];
const replyCause = (id: string): StepCause => ({
  actor: 'payment',
  reason: null,
  message: { id, correlationId: 'corr', trace: ROOT_CONTEXT },
});

/** A saga just placed, as its row reads back. */
function placed(orderId: string): LockedSaga {
  const machine = sagaMachine(2);
  const step = startSaga(machine, {
    orderId,
    customerId: 'cust-1',
    items: [{ sku: 'MUG', quantity: 2 }],
    at: at(0),
    compensationMaxAttempts: 3,
  });
  return {
    orderId,
    machineVersion: 2,
    state: step.to,
    snapshot: JSON.parse(JSON.stringify(step.persisted)),
    revision: 1,
    deadlineAt: deadlineOf(step.snapshot, timeouts),
  };
}

const events = {
  stockReserved: (orderId: string, s: number): SagaEvent => ({
    type: 'StockReserved',
    payload: { orderId, lines, totalCents: 2500 },
    at: at(s),
  }),
  outOfStock: (orderId: string, s: number): SagaEvent => ({
    type: 'StockReservationFailed',
    payload: {
      orderId,
      reason: 'out_of_stock',
      shortfalls: [{ sku: 'MUG', requested: 2, available: 0, reason: 'insufficient_stock' }],
    },
    at: at(s),
  }),
  paymentProcessed: (orderId: string, s: number): SagaEvent => ({
    type: 'PaymentProcessed',
    payload: { orderId, paymentId: 'p-1', amountCents: 2500 },
    at: at(s),
  }),
  paymentFailed: (orderId: string, s: number): SagaEvent => ({
    type: 'PaymentFailed',
    payload: { orderId, reason: 'insufficient_funds' },
    at: at(s),
  }),
  stockReleased: (orderId: string, s: number): SagaEvent => ({
    type: 'StockReleased',
    payload: { orderId, lines: [] },
    at: at(s),
  }),
  paymentRefunded: (orderId: string, s: number): SagaEvent => ({
    type: 'PaymentRefunded',
    payload: { orderId, amountCents: 2500 },
    at: at(s),
  }),
  deadline: (_: string, s: number): SagaEvent => ({ type: 'DeadlineExpired', at: at(s) }),
  retry: (_: string, s: number): SagaEvent => ({
    type: 'RetryStep',
    actor: 'ops-ann',
    reason: 'broker fixed',
    at: at(s),
  }),
  resolve: (_: string, s: number): SagaEvent => ({
    type: 'Resolve',
    actor: 'ops-ann',
    reason: 'refunded by hand',
    at: at(s),
  }),
};

const input = (orderId: string, event: SagaEvent, messageId = `m-${event.at}`): SagaEventInput => ({
  orderId,
  event,
  cause: replyCause(messageId),
});

const [first = '', second = ''] = sagaIds;

describe('planSteps', () => {
  it('starts the second event of a saga where the first left it, and writes its rows once', () => {
    const plan = planSteps(
      [placed(first)],
      [input(first, events.stockReserved(first, 1)), input(first, events.paymentProcessed(first, 2))],
      timeouts,
    );
    expect(plan.steps.map((step) => step?.timeline)).toMatchObject([
      { seq: 2, fromState: 'reservingStock', toState: 'processingPayment', outcome: 'transitioned' },
      { seq: 3, fromState: 'processingPayment', toState: 'confirmed', outcome: 'transitioned' },
    ]);
    expect(plan.sagas).toEqual([
      expect.objectContaining({ orderId: first, state: 'confirmed', revision: 3, deadlineAt: null }),
    ]);
    expect(plan.sagas[0]?.updatedAt).toEqual(new Date(at(2)));
    expect(plan.orders).toEqual([
      expect.objectContaining({ id: first, status: 'confirmed', totalCents: 2500, lines }),
    ]);
  });

  it('records an ignored event with why, and changes only the revision of its saga', () => {
    const saga = placed(first);
    const plan = planSteps([saga], [input(first, events.paymentProcessed(first, 1))], timeouts);
    expect(plan.steps[0]?.timeline).toMatchObject({
      seq: 2,
      outcome: 'ignored',
      reason: 'reservingStock does not accept PaymentProcessed',
    });
    expect(plan.steps[0]?.outgoing).toEqual([]);
    expect(plan.sagas).toEqual([
      {
        orderId: first,
        state: saga.state,
        snapshot: saga.snapshot,
        revision: 2,
        deadlineAt: saga.deadlineAt,
        updatedAt: new Date(at(1)),
      },
    ]);
    expect(plan.orders).toEqual([]);
  });

  it('keeps what an earlier step of the batch decided when a later one is ignored', () => {
    const plan = planSteps(
      [placed(first)],
      [input(first, events.stockReserved(first, 1)), input(first, events.stockReserved(first, 2), 'dup')],
      timeouts,
    );
    expect(plan.steps[1]?.timeline).toMatchObject({ seq: 3, outcome: 'ignored', messageId: 'dup' });
    expect(plan.sagas).toMatchObject([{ state: 'processingPayment', revision: 3 }]);
    expect(plan.orders).toMatchObject([{ status: 'processingPayment', updatedAt: new Date(at(1)) }]);
  });

  it('skips an unknown order and leaves the others be', () => {
    const plan = planSteps(
      [placed(first)],
      [input(unknownId, events.stockReserved(unknownId, 1)), input(first, events.stockReserved(first, 2))],
      timeouts,
    );
    expect(plan.steps[0]).toBeUndefined();
    expect(plan.steps[1]?.orderId).toBe(first);
    expect(plan.sagas.map((saga) => saga.orderId)).toEqual([first]);
  });

  it('causes the commands by the reply and adds the change of state; a deadline correlates by order', () => {
    const plan = planSteps(
      [placed(first), placed(second)],
      [
        input(first, events.stockReserved(first, 1), 'reply-1'),
        { orderId: second, event: events.deadline(second, 40), cause: { actor: 'deadline', reason: 'late' } },
      ],
      timeouts,
    );
    const [reserved, expired] = plan.steps;
    expect(reserved?.outgoing.map((message) => message.type)).toEqual([
      'ProcessPayment',
      'OrderStatusChanged',
    ]);
    expect(reserved?.outgoing.every((message) => message.causedBy?.id === 'reply-1')).toBe(true);
    expect(expired?.timeline).toMatchObject({ actor: 'deadline', reason: 'late', messageId: null });
    expect(expired?.outgoing.every((message) => message.correlationId === second)).toBe(true);
  });

  it('decides a batch as it would decide its events one by one, each from the row the one before wrote', () => {
    const kinds = Object.keys(events) as (keyof typeof events)[];
    const anEvent = fc.record({
      saga: fc.constantFrom(first, second, unknownId),
      kind: fc.constantFrom(...kinds),
    });
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 12 }), (picked) => {
        const inputs = picked.map(({ saga, kind }, index) =>
          input(saga, events[kind](saga, index + 1), `m-${index}`),
        );
        const locked = [placed(first), placed(second)];
        const batch = planSteps(locked, inputs, timeouts);
        const rows = new Map(locked.map((saga) => [saga.orderId, saga]));
        const oneByOne: StepsPlan = { steps: [], sagas: [], orders: [] };
        for (const each of inputs) {
          const plan = planSteps([...rows.values()], [each], timeouts);
          oneByOne.steps.push(...plan.steps);
          oneByOne.sagas.push(...plan.sagas);
          oneByOne.orders.push(...plan.orders);
          for (const saga of plan.sagas) {
            const before = rows.get(saga.orderId) as LockedSaga;
            rows.set(saga.orderId, {
              ...before,
              ...saga,
              snapshot: JSON.parse(JSON.stringify(saga.snapshot)),
            });
          }
        }
        const decided = (plan: StepsPlan) =>
          plan.steps.map(
            (planned) =>
              planned && {
                timeline: planned.timeline,
                outgoing: planned.outgoing,
                persisted: planned.step.persisted,
              },
          );
        const lastOf = <T>(rows: T[], key: (row: T) => string) =>
          Object.fromEntries(rows.map((row) => [key(row), row]));
        expect(decided(batch)).toEqual(decided(oneByOne));
        expect(lastOf(batch.sagas, (saga) => saga.orderId)).toEqual(
          lastOf(oneByOne.sagas, (saga) => saga.orderId),
        );
        expect(lastOf(batch.orders, (order) => order.id)).toEqual(
          lastOf(oneByOne.orders, (order) => order.id),
        );
      }),
      { numRuns: 200 },
    );
  });
});
