import { ReserveStock } from '@sagaflow/contracts';
import { waitFor } from '@sagaflow/testkit';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryFixture, seed, startInventoryFixture, stockOf } from '../testing/inventory-fixture.js';
import { releaseStock } from './release.js';
import { reserveStock } from './reserve.js';

let fixture: InventoryFixture;
const silent = pino({ level: 'silent' });
const customerId = 'customer-race';

beforeAll(async () => {
  // Twelve partitions handled at once: the 200 orders really race for the stock.
  fixture = await startInventoryFixture({ KAFKA_PARTITIONS_CONCURRENTLY: '12' });
});

afterAll(async () => {
  await fixture?.close();
});

/** What the stock columns must agree with: the reservations that hold or sold units. */
async function heldBySku(sku: string): Promise<{ reserved: number; sold: number }> {
  const { rows } = await fixture.service.pool.query<{ reserved: number; sold: number }>(
    `select coalesce(sum(l.quantity) filter (where r.status = 'reserved'), 0)::int as reserved,
            coalesce(sum(l.quantity) filter (where r.status = 'committed'), 0)::int as sold
     from reservation_lines l join reservations r using (order_id) where l.sku = $1`,
    [sku],
  );
  return rows[0] ?? { reserved: 0, sold: 0 };
}

function reserveDirectly(orderId: string, items: { sku: string; quantity: number }[]) {
  return fixture.service.db.transaction((tx) => reserveStock(tx, { orderId, customerId, items }, silent));
}

describe('stock is never oversold', () => {
  it('200 concurrent ReserveStock orders for 50 units over Kafka: exactly 50 reserved', async () => {
    await seed(fixture.service, 'HOT-KAFKA', 50);
    const orderIds = Array.from({ length: 200 }, () => uuidv7());
    const send = (orderId: string) =>
      fixture.peer.send(ReserveStock, { orderId, customerId, items: [{ sku: 'HOT-KAFKA', quantity: 1 }] });

    const [first, ...rest] = orderIds;
    await send(first as string); // connects the producer once, before the burst
    await Promise.all(rest.map(send));

    const answered = () =>
      orderIds.filter(
        (orderId) =>
          fixture.peer.ofType('StockReserved', orderId).length +
            fixture.peer.ofType('StockReservationFailed', orderId).length >
          0,
      ).length;
    await waitFor(
      () => answered() === 200,
      90_000,
      () => `${answered()}/200 orders answered`,
    );
    const reserved = orderIds.flatMap((orderId) => fixture.peer.ofType('StockReserved', orderId));
    const failed = orderIds.flatMap((orderId) => fixture.peer.ofType('StockReservationFailed', orderId));
    expect(reserved).toHaveLength(50);
    expect(failed).toHaveLength(150);
    for (const failure of failed) {
      expect(failure.payload).toMatchObject({
        reason: 'out_of_stock',
        shortfalls: [{ sku: 'HOT-KAFKA', requested: 1, available: 0, reason: 'insufficient_stock' }],
      });
    }
    expect(await stockOf(fixture.service, 'HOT-KAFKA')).toMatchObject({ onHand: 0, reserved: 50, sold: 0 });
    expect(await heldBySku('HOT-KAFKA')).toEqual({ reserved: 50, sold: 0 });
  });

  it('200 concurrent reservation transactions for 50 units: exactly 50 reserved', async () => {
    await seed(fixture.service, 'HOT-DB', 50);

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => reserveDirectly(uuidv7(), [{ sku: 'HOT-DB', quantity: 1 }])),
    );

    expect(outcomes.filter((outcome) => outcome.outcome === 'reserved')).toHaveLength(50);
    expect(outcomes.filter((outcome) => outcome.outcome === 'failed')).toHaveLength(150);
    expect(await stockOf(fixture.service, 'HOT-DB')).toMatchObject({ onHand: 0, reserved: 50, sold: 0 });
    expect(await heldBySku('HOT-DB')).toEqual({ reserved: 50, sold: 0 });
  });

  it('orders sharing skus in opposite line order neither deadlock nor oversell', async () => {
    await seed(fixture.service, 'PAIR-A', 30);
    await seed(fixture.service, 'PAIR-B', 30);
    const ab = [
      { sku: 'PAIR-A', quantity: 1 },
      { sku: 'PAIR-B', quantity: 1 },
    ];
    const ba = [ab[1], ab[0]] as typeof ab;

    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, index) => reserveDirectly(uuidv7(), index % 2 === 0 ? ab : ba)),
    );

    expect(outcomes.filter((outcome) => outcome.outcome === 'reserved')).toHaveLength(30);
    for (const sku of ['PAIR-A', 'PAIR-B']) {
      expect(await stockOf(fixture.service, sku)).toMatchObject({ onHand: 0, reserved: 30 });
      expect(await heldBySku(sku)).toEqual({ reserved: 30, sold: 0 });
    }
  });

  it('one order reserved by 20 concurrent transactions reserves once, and all get the same answer', async () => {
    await seed(fixture.service, 'SAME-ORDER', 10);
    const orderId = uuidv7();

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => reserveDirectly(orderId, [{ sku: 'SAME-ORDER', quantity: 3 }])),
    );

    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
    expect(outcomes[0]).toMatchObject({ outcome: 'reserved', totalCents: 3000 });
    expect(await stockOf(fixture.service, 'SAME-ORDER')).toMatchObject({ onHand: 7, reserved: 3 });
  });

  it('a release racing the reservation of the same order always leaves the stock where it was', async () => {
    await seed(fixture.service, 'RACE-RELEASE', 100);
    const orderIds = Array.from({ length: 40 }, () => uuidv7());

    await Promise.all(
      orderIds.flatMap((orderId) => [
        reserveDirectly(orderId, [{ sku: 'RACE-RELEASE', quantity: 2 }]),
        fixture.service.db.transaction((tx) => releaseStock(tx, { orderId, reason: 'race' }, silent)),
      ]),
    );

    const { rows } = await fixture.service.pool.query<{ status: string }>(
      'select distinct status from reservations where order_id = any($1::text[])',
      [orderIds],
    );
    // Whichever came first, the order ends released: reserved then released, or tombstoned.
    expect(rows).toEqual([{ status: 'released' }]);
    expect(await stockOf(fixture.service, 'RACE-RELEASE')).toMatchObject({ onHand: 100, reserved: 0 });
  });
});
