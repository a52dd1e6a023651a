import { describe, expect, it } from 'vitest';
import { startSaga } from '../saga/advance.js';
import type { SagaEvent } from '../saga/events.js';
import { deadlineOf } from '../saga/inspect.js';
import { sagaMachine } from '../saga/versions.js';
import { observedSteps } from './observed-steps.js';
import { type LockedSaga, planSteps } from './plan-steps.js';

const timeouts = { stock: 30_000, payment: 30_000, compensation: 30_000 };
const orderId = '0192f0a4-6b1e-7c3d-8e9f-000000000001';
const otherId = '0192f0a4-6b1e-7c3d-8e9f-000000000002';
const t0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const lines = [{ sku: 'MUG', name: 'Mug', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 }];
const cause = { actor: 'saga', reason: null };

function placed(id: string): LockedSaga {
  const step = startSaga(sagaMachine(2), {
    orderId: id,
    customerId: 'cust-1',
    items: [{ sku: 'MUG', quantity: 2 }],
    at: at(0),
    compensationMaxAttempts: 3,
  });
  return {
    orderId: id,
    machineVersion: 2,
    state: step.to,
    snapshot: JSON.parse(JSON.stringify(step.persisted)),
    revision: 1,
    deadlineAt: deadlineOf(step.snapshot, timeouts),
  };
}

const stockReserved = (id: string, s: number): SagaEvent => ({
  type: 'StockReserved',
  payload: { orderId: id, lines, totalCents: 2500 },
  at: at(s),
});
const paymentProcessed = (id: string, s: number): SagaEvent => ({
  type: 'PaymentProcessed',
  payload: { orderId: id, paymentId: 'p-1', amountCents: 2500 },
  at: at(s),
});

describe('observedSteps', () => {
  it('names each step by from, to, event and outcome, and times the one that ends the saga', () => {
    const plan = planSteps(
      [placed(orderId)],
      [
        { orderId, event: stockReserved(orderId, 1), cause },
        { orderId, event: paymentProcessed(orderId, 2.5), cause },
        { orderId, event: stockReserved(orderId, 3), cause },
      ],
      timeouts,
    );
    const observed = observedSteps(plan.steps, new Map([[orderId, new Date(t0 - 500)]]));
    expect(observed).toEqual([
      { from: 'reservingStock', to: 'processingPayment', event: 'StockReserved', outcome: 'transitioned' },
      {
        from: 'processingPayment',
        to: 'confirmed',
        event: 'PaymentProcessed',
        outcome: 'transitioned',
        sagaSeconds: 3,
      },
      { from: 'confirmed', to: 'confirmed', event: 'StockReserved', outcome: 'ignored' },
    ]);
  });

  it('skips inputs without a saga, and times nothing when the placing time is unknown', () => {
    const plan = planSteps(
      [placed(orderId)],
      [
        { orderId: otherId, event: stockReserved(otherId, 1), cause },
        { orderId, event: stockReserved(orderId, 1), cause },
        { orderId, event: paymentProcessed(orderId, 2), cause },
      ],
      timeouts,
    );
    const observed = observedSteps(plan.steps, new Map());
    expect(observed.map((step) => step.to)).toEqual(['processingPayment', 'confirmed']);
    expect(observed.every((step) => step.sagaSeconds === undefined)).toBe(true);
  });
});
