import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDatabase } from '../testing/batch-replies.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { footprint, installWriteLog } from '../testing/write-log.js';
import { placeOrder } from './place-order.js';

let fixture: OrderFixture;
const order = { customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }] };

beforeAll(async () => {
  fixture = await startOrderFixture('order_place', { STOCK_TIMEOUT_MS: '86400000' });
  await installWriteLog(fixture.service.pool);
});
afterAll(() => fixture?.close());

/** The statements a transaction sent, BEGIN, COMMIT and ROLLBACK named as such and the rest by their first words. */
const shapes = (statements: string[]) =>
  statements.map((statement) => statement.replace(/\s+/g, ' ').trim().split(' ').slice(0, 3).join(' '));

describe('placing an order', () => {
  it('takes one transaction of two statements: the sink’s enqueue, then the order with its saga and timeline', async () => {
    const counted = countingDatabase(fixture.service.pool);
    const placed = await placeOrder(counted.db, order, { newId: uuidv7 }, fixture.runtime);
    expect(placed.kind).toBe('placed');
    expect(shapes(counted.statements)).toEqual(['begin', 'insert into "outbox"', 'WITH placed AS', 'commit']);
    const { body } = await fixture.get<{ saga: { state: string }; timeline: { messages: unknown[] }[] }>(
      `/orders/${placed.id}`,
    );
    expect(body.saga.state).toBe('reservingStock');
    expect(body.timeline[0]?.messages).toMatchObject([{ type: 'OrderCreated' }, { type: 'ReserveStock' }]);
  });

  it('rolls back what it enqueued when the key is taken, and answers from the order holding it', async () => {
    const key = `place-${uuidv7()}`;
    const first = await placeOrder(
      fixture.service.db,
      { ...order, idempotencyKey: key },
      { newId: uuidv7 },
      fixture.runtime,
    );
    const before = await footprint(fixture.service.pool);
    const counted = countingDatabase(fixture.service.pool);
    const again = await placeOrder(
      counted.db,
      { ...order, idempotencyKey: key },
      { newId: uuidv7 },
      fixture.runtime,
    );
    expect(again).toEqual({ kind: 'replayed', id: first.id, status: 'reservingStock' });
    expect(await footprint(fixture.service.pool)).toEqual(before);
    expect(shapes(counted.statements)).toEqual([
      'begin',
      'insert into "outbox"',
      'WITH placed AS',
      'rollback',
      'select "id", "status",',
    ]);
    const other = await placeOrder(
      fixture.service.db,
      { customerId: 'cust-2', items: order.items, idempotencyKey: key },
      { newId: uuidv7 },
      fixture.runtime,
    );
    expect(other).toEqual({ kind: 'keyReused', id: first.id });
    expect(await footprint(fixture.service.pool)).toEqual(before);
  });
});
