import { drizzle } from 'drizzle-orm/node-postgres';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventorySchema } from '../db/schema.js';
import {
  type InventoryMessage,
  type RecordingSink,
  receivedBatch,
  recordingSink,
} from '../testing/batch-messages.js';
import { type InventoryFixture, seed, startInventoryFixture, stockOf } from '../testing/inventory-fixture.js';
import type { StockCommand } from './batch-decisions.js';
import { handleInventoryBatch } from './handle-batch.js';
import { readReservation } from './stock-store.js';

let fixture: InventoryFixture;

beforeAll(async () => {
  fixture = await startInventoryFixture();
});

afterAll(async () => {
  await fixture?.close();
});

const orderNames = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8'] as const;
type OrderName = (typeof orderNames)[number];
const skuNames = ['A', 'B', 'C'] as const;

/**
 * One scenario on its own skus and orders: several orders sharing skus, duplicates
 * of an order under new message ids, a reservation released and a tombstone refused
 * in the same batch, and an order reserved before the batch released in it.
 */
function scenario(tag: string) {
  const orders = Object.fromEntries(orderNames.map((name) => [name, uuidv7()])) as Record<OrderName, string>;
  const reserve = (order: OrderName, ...items: [string, number][]): StockCommand => ({
    type: 'ReserveStock',
    payload: {
      orderId: orders[order],
      customerId: 'customer-batch',
      items: items.map(([sku, quantity]) => ({ sku: `${tag}-${sku}`, quantity })),
    },
  });
  const release = (order: OrderName): StockCommand => ({
    type: 'ReleaseStock',
    payload: { orderId: orders[order], reason: 'test' },
  });
  const commit = (order: OrderName): StockCommand => ({
    type: 'CommitStock',
    payload: { orderId: orders[order] },
  });
  return {
    tag,
    orders,
    stock: { A: 5, B: 3, C: 10 },
    before: [reserve('o8', ['C', 2])],
    batch: [
      reserve('o1', ['A', 2], ['B', 1]),
      reserve('o2', ['B', 2], ['A', 2]),
      reserve('o3', ['B', 1], ['C', 1]),
      reserve('o1', ['A', 2], ['B', 1]),
      release('o2'),
      reserve('o4', ['A', 3], ['B', 2]),
      reserve('o3', ['B', 1], ['C', 1]),
      commit('o1'),
      release('o5'),
      reserve('o5', ['A', 1]),
      commit('o6'),
      reserve('o6', ['C', 4]),
      release('o1'),
      reserve('o7', ['A', 1], ['GHOST', 1]),
      release('o8'),
      commit('o8'),
    ],
    /** Order ids and sku tags replaced by their names, so two scenarios compare. */
    named(value: unknown): unknown {
      let text = JSON.stringify(value).replaceAll(`${tag}-`, '');
      for (const name of orderNames) text = text.replaceAll(orders[name], name);
      return JSON.parse(text);
    },
  };
}
type Scenario = ReturnType<typeof scenario>;

async function prepare(s: Scenario): Promise<void> {
  for (const sku of skuNames) await seed(fixture.service, `${s.tag}-${sku}`, s.stock[sku]);
  const before = receivedBatch(s.before, recordingSink());
  await fixture.service.db.transaction((tx) => handleInventoryBatch(before, tx));
}

/** Each reply with the command it answers, checking it is caused by that command's envelope. */
function repliesOf(s: Scenario, handled: readonly InventoryMessage[], sink: RecordingSink) {
  return sink.sent.map((reply) => {
    const command = handled.findIndex(({ context }) => context.incoming.envelope.id === reply.causedBy?.id);
    const incoming = handled[command]?.context.incoming;
    expect(reply.causedBy).toEqual({
      id: incoming?.envelope.id,
      correlationId: incoming?.envelope.correlationId,
      trace: incoming?.trace,
    });
    return { command, type: reply.type, payload: s.named(reply.payload) };
  });
}

async function stateOf(s: Scenario) {
  const stock = Object.fromEntries(
    await Promise.all(
      skuNames.map(async (sku) => {
        const { onHand, reserved, sold } = await stockOf(fixture.service, `${s.tag}-${sku}`);
        return [sku, { onHand, reserved, sold }];
      }),
    ),
  );
  const reservations = Object.fromEntries(
    await Promise.all(
      orderNames.map(async (name) => {
        const reservation = await readReservation(fixture.service.db, s.orders[name]);
        return [name, s.named(reservation === undefined ? null : { ...reservation, orderId: name })];
      }),
    ),
  );
  return { stock, reservations };
}

describe('handleInventoryBatch', () => {
  it('decides a batch as the same commands handled one at a time, in one transaction of few statements', async () => {
    const together = scenario('BATCH-ONE');
    const apart = scenario('BATCH-EACH');
    await prepare(together);
    await prepare(apart);

    const statements: string[] = [];
    const counted = drizzle(fixture.service.pool, {
      schema: inventorySchema,
      logger: { logQuery: (query) => statements.push(query) },
    });
    const sink = recordingSink();
    const batch = receivedBatch(together.batch, sink);
    await counted.transaction((tx) => handleInventoryBatch(batch, tx));

    const apartSink = recordingSink();
    const singles: InventoryMessage[] = [];
    for (const command of apart.batch) {
      const one = receivedBatch([command], apartSink);
      singles.push(...one);
      await fixture.service.db.transaction((tx) => handleInventoryBatch(one, tx));
    }

    const replies = repliesOf(together, batch, sink);
    expect(replies).toEqual(repliesOf(apart, singles, apartSink));
    const state = await stateOf(together);
    expect(state).toEqual(await stateOf(apart));

    expect(replies.map(({ command, type }) => [command, type])).toEqual([
      [0, 'StockReserved'],
      [1, 'StockReserved'],
      [2, 'StockReservationFailed'],
      [3, 'StockReserved'],
      [4, 'StockReleased'],
      [5, 'StockReserved'],
      [6, 'StockReservationFailed'],
      [8, 'StockReleased'],
      [9, 'StockReservationFailed'],
      [11, 'StockReserved'],
      [12, 'StockReleased'],
      [13, 'StockReservationFailed'],
      [14, 'StockReleased'],
    ]);
    expect(replies[3]?.payload).toEqual(replies[0]?.payload);
    expect(replies[6]?.payload).toEqual(replies[2]?.payload);
    expect(replies[2]?.payload).toEqual({
      orderId: 'o3',
      reason: 'out_of_stock',
      shortfalls: [{ sku: 'B', requested: 1, available: 0, reason: 'insufficient_stock' }],
    });
    expect(replies[4]?.payload).toEqual({
      orderId: 'o2',
      lines: [
        { sku: 'B', quantity: 2 },
        { sku: 'A', quantity: 2 },
      ],
    });
    expect(replies.slice(7).map((reply) => reply.payload)).toEqual([
      { orderId: 'o5', lines: [] },
      { orderId: 'o5', reason: 'order_released', shortfalls: [] },
      expect.objectContaining({ orderId: 'o6', totalCents: 4000 }),
      { orderId: 'o1', lines: [] },
      {
        orderId: 'o7',
        reason: 'out_of_stock',
        shortfalls: [
          { sku: 'A', requested: 1, available: 0, reason: 'insufficient_stock' },
          { sku: 'GHOST', requested: 1, available: 0, reason: 'unknown_sku' },
        ],
      },
      { orderId: 'o8', lines: [{ sku: 'C', quantity: 2 }] },
    ]);
    expect(state.stock).toEqual({
      A: { onHand: 0, reserved: 3, sold: 2 },
      B: { onHand: 0, reserved: 2, sold: 1 },
      C: { onHand: 6, reserved: 4, sold: 0 },
    });
    expect(
      Object.fromEntries(
        Object.entries(state.reservations).map(([name, r]) => [name, (r as { status: string }).status]),
      ),
    ).toEqual({
      o1: 'committed',
      o2: 'released',
      o3: 'failed',
      o4: 'reserved',
      o5: 'released',
      o6: 'reserved',
      o7: 'failed',
      o8: 'released',
    });

    // Claim, lock reservations, lock products, move stock, record lines, set statuses, enqueue.
    expect(sink.calls).toBe(1);
    expect(statements.filter((query) => !/^(begin|commit|rollback)\b/i.test(query.trim()))).toHaveLength(7);
  });
});
