import { PaymentRefunded, StockReleased, StockReserved } from '@sagaflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines, sagaDriver } from '../testing/saga-driver.js';

let fixture: OrderFixture;
let saga: ReturnType<typeof sagaDriver>;

beforeAll(async () => {
  fixture = await startOrderFixture('order_deadlines', {
    STOCK_TIMEOUT_MS: '1000',
    SAGA_MACHINE_VERSION: '1',
    PAYMENT_TIMEOUT_MS: '1500',
  });
  saga = sagaDriver(fixture);
});
afterAll(() => fixture?.close());

describe('deadlines', () => {
  it('a deadline that passed while the service was down fires when it starts again', async () => {
    const id = await saga.place();
    await fixture.peer.waitForType('ReserveStock', id);
    const { deadline } = (await saga.view(id)).saga;
    expect(deadline).not.toBeNull();
    await fixture.restart(
      { STOCK_TIMEOUT_MS: '1000', SAGA_MACHINE_VERSION: '1', PAYMENT_TIMEOUT_MS: '1500' },
      async () => {
        const { rows } = await fixture.service.pool
          .query<{ state: string }>('SELECT state FROM order_sagas WHERE order_id = $1', [id])
          .catch(() => ({ rows: [] as { state: string }[] }));
        expect(rows.every((row) => row.state === 'reservingStock')).toBe(true);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, Date.parse(deadline ?? '') - Date.now()) + 300),
        );
      },
    );
    const view = await saga.waitForStatus(id, 'compensating', 5_000);
    expect(view.timeline.at(-1)).toMatchObject({
      event: 'DeadlineExpired',
      actor: 'deadline',
      from: 'reservingStock',
    });
    await fixture.peer.waitForType('ReleaseStock', id);
  });
});

describe('machine versions side by side', () => {
  it('a saga started on version 1 finishes on it after version 2 is deployed, beside a version 2 saga', async () => {
    const v1 = await saga.place();
    await saga.reply(StockReserved, { orderId: v1, lines, totalCents: 2500 });
    await saga.waitForStatus(v1, 'processingPayment');
    await fixture.restart({
      SAGA_MACHINE_VERSION: '2',
      STOCK_TIMEOUT_MS: '1000',
      PAYMENT_TIMEOUT_MS: '1500',
    });
    const v2 = await saga.place();
    await saga.reply(StockReserved, { orderId: v2, lines, totalCents: 2500 });
    const [oldSaga, newSaga] = await Promise.all([
      saga.waitForStatus(v1, 'compensating'),
      saga.waitForStatus(v2, 'compensating'),
    ]);
    expect(oldSaga.saga.machineVersion).toBe(1);
    expect(newSaga.saga.machineVersion).toBe(2);
    // Version 1 only releases stock on a payment timeout; version 2 refunds first.
    expect(oldSaga.saga.compensationsPending).toEqual(['releaseStock']);
    expect(newSaga.saga.compensationsPending).toEqual(['refundPayment', 'releaseStock']);
    await fixture.peer.waitForType('ReleaseStock', v1);
    await fixture.peer.waitForType('RefundPayment', v2);
    expect(fixture.peer.ofType('RefundPayment', v1)).toEqual([]);
    await saga.reply(StockReleased, { orderId: v1, lines: [{ sku: 'MUG', quantity: 2 }] });
    await saga.reply(PaymentRefunded, { orderId: v2, amountCents: 0 });
    await fixture.peer.waitForType('ReleaseStock', v2);
    await saga.reply(StockReleased, { orderId: v2, lines: [{ sku: 'MUG', quantity: 2 }] });
    await saga.waitForStatus(v1, 'cancelled');
    await saga.waitForStatus(v2, 'cancelled');
  });
});
