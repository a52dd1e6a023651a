import { PaymentFailed, StockReleased, StockReserved } from '@sagaflow/contracts';
import { bearer } from '@sagaflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines, sagaDriver } from '../testing/saga-driver.js';

let fixture: OrderFixture;
let saga: ReturnType<typeof sagaDriver>;

beforeAll(async () => {
  fixture = await startOrderFixture('order_admin', {
    COMPENSATION_STEP_TIMEOUT_MS: '400',
    COMPENSATION_MAX_ATTEMPTS: '2',
  });
  saga = sagaDriver(fixture);
});
afterAll(() => fixture?.close());

/** An operator action by `operator`, whose token's subject is who the audit records. */
const act = async (id: string, action: string, body: unknown = { reason: 'ticket 42' }, operator = 'ann') =>
  fixture.post(`/admin/orders/${id}/${action}`, body, bearer(await fixture.auth.operator(operator)));

/** A saga whose ReleaseStock is never answered: it retries within its budget, then parks. */
async function parkedSaga(): Promise<string> {
  const id = await saga.place();
  await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
  await saga.waitForStatus(id, 'processingPayment');
  await saga.reply(PaymentFailed, { orderId: id, reason: 'insufficient_funds' });
  await saga.waitForStatus(id, 'compensationFailed');
  return id;
}

describe('a compensation that keeps failing', () => {
  it('is retried within its budget, then parked where operators see it', async () => {
    const id = await parkedSaga();
    expect(fixture.peer.ofType('ReleaseStock', id)).toHaveLength(2);
    const view = await saga.view(id);
    expect(view.order.failureReason).toBe(
      'payment failed: insufficient_funds; compensation releaseStock failed 2 times',
    );
    expect(view.saga.accepts.map((accepted) => accepted.event)).toContain('Resolve');
    const parked = await fixture.get<{ items: { id: string }[] }>('/admin/sagas/parked');
    expect(parked.body.items.map((item) => item.id)).toContain(id);
  });
});

describe('operator controls', () => {
  it('retry sends the parked compensation again; its reply completes the saga', async () => {
    const id = await parkedSaga();
    const response = await act(id, 'retry');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      from: 'compensationFailed',
      to: 'compensating',
      outcome: 'transitioned',
    });
    await fixture.peer.waitForType('ReleaseStock', id, 3);
    await saga.reply(StockReleased, { orderId: id, lines: [{ sku: 'MUG', quantity: 2 }] });
    const view = await saga.waitForStatus(id, 'cancelled');
    expect(view.timeline.find((entry) => entry.event === 'RetryStep')).toMatchObject({
      actor: 'operator:ann',
      reason: 'ticket 42',
    });
  });

  it('resolve closes a parked saga with who and why', async () => {
    const id = await parkedSaga();
    expect((await act(id, 'resolve', { reason: 'stock counted by hand' }, 'bob')).status).toBe(200);
    const view = await saga.view(id);
    expect(view.order.status).toBe('resolved');
    expect(view.timeline.at(-1)).toMatchObject({
      event: 'Resolve',
      actor: 'operator:bob',
      reason: 'stock counted by hand',
    });
  });

  it('force compensation during payment refunds then releases, audited', async () => {
    const id = await saga.place();
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
    await saga.waitForStatus(id, 'processingPayment');
    expect((await act(id, 'compensate')).status).toBe(200);
    const [refund] = await fixture.peer.waitForType('RefundPayment', id);
    expect(refund?.payload).toEqual({ orderId: id, reason: 'compensation forced by ann: ticket 42' });
    expect((await saga.view(id)).timeline.at(-1)).toMatchObject({
      event: 'ForceCompensation',
      actor: 'operator:ann',
    });
  });

  it('refuses an action the state does not accept with a 409, and still audits the attempt', async () => {
    const id = await saga.place();
    const response = await act(id, 'resolve');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const view = await saga.view(id);
    expect(view.order.status).toBe('reservingStock');
    expect(view.timeline.at(-1)).toMatchObject({
      event: 'Resolve',
      outcome: 'ignored',
      actor: 'operator:ann',
      reason: 'ticket 42',
    });
  });

  it('answers bad admin input with 4xx problems', async () => {
    expect((await act('nope', 'retry')).status).toBe(400);
    expect((await act('0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f', 'retry')).status).toBe(404);
    const id = await saga.place();
    const missingReason = await act(id, 'retry', {});
    expect(missingReason.status).toBe(400);
    expect(await missingReason.json()).toMatchObject({ errors: [{ field: 'body.reason' }] });
    const actorInBody = await act(id, 'retry', { actor: 'mallory', reason: 'ticket 42' });
    expect(actorInBody.status).toBe(400);
    expect(await actorInBody.json()).toMatchObject({ errors: [{ field: 'body.actor' }] });
  });
});
