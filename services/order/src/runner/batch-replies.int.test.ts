import {
  type MessageContract,
  type PayloadOf,
  PaymentFailed,
  PaymentProcessed,
  StockReservationFailed,
  StockReserved,
} from '@sagaflow/contracts';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../orders/place-order.js';
import {
  countingDatabase,
  type ReceivedReply,
  receivedReply,
  recordingSink,
} from '../testing/batch-replies.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines } from '../testing/saga-driver.js';
import { handleSagaReplies } from './handle-reply.js';
import type { SagaRuntime } from './runtime.js';

let fixture: OrderFixture;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  // Nothing fires on its own: what the sagas end as is what the replies made of them.
  fixture = await startOrderFixture('order_batch', {
    STOCK_TIMEOUT_MS: '86400000',
    PAYMENT_TIMEOUT_MS: '86400000',
  });
});
afterAll(() => fixture?.close());

/** Three sagas on a fixed clock, a sink that keeps what it wrote, and the replies they receive. */
async function scenario(clock: Date) {
  const sink = recordingSink();
  const runtime: SagaRuntime = { ...fixture.runtime, sink, now: () => clock };
  const place = async () => {
    const placed = await placeOrder(
      fixture.service.db,
      { customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }] },
      { newId: uuidv7 },
      runtime,
    );
    return placed.id;
  };
  const [a = '', b = '', c = ''] = [await place(), await place(), await place()];
  const unknown = uuidv7();
  let offset = 0;
  const context = { logger, sink };
  const reply = <TContract extends MessageContract>(
    contract: TContract,
    payload: PayloadOf<TContract> & { orderId: string },
  ) => receivedReply(contract, payload, offset++, context);
  const replies: ReceivedReply[] = [
    reply(StockReserved, { orderId: a, lines, totalCents: 2500 }),
    reply(PaymentProcessed, { orderId: b, paymentId: 'p-early', amountCents: 1 }),
    reply(StockReserved, { orderId: unknown, lines, totalCents: 2500 }),
    reply(StockReserved, { orderId: c, lines, totalCents: 2500 }),
    reply(PaymentProcessed, { orderId: a, paymentId: 'p-a', amountCents: 2500 }),
    reply(StockReservationFailed, {
      orderId: b,
      reason: 'out_of_stock',
      shortfalls: [{ sku: 'MUG', requested: 2, available: 0, reason: 'insufficient_stock' }],
    }),
    reply(StockReserved, { orderId: c, lines, totalCents: 2500 }),
    reply(PaymentFailed, { orderId: c, reason: 'insufficient_funds' }),
  ];
  return { sink, runtime, ids: [a, b, c, unknown], replies, placements: sink.calls.length };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

/** Every row the replies touched and every message they wrote, with ids named by their part in the scenario. */
async function outcome({ sink, ids, replies, placements }: Scenario) {
  const query = async (text: string) => (await fixture.service.pool.query(text, [ids])).rows;
  const placed = sink.calls.slice(0, placements).flat();
  const written = sink.calls.slice(placements).flat();
  const rows = {
    orders: await query(
      `SELECT id, status, lines, total_cents, failure_reason, updated_at
       FROM orders WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`,
    ),
    sagas: await query(
      `SELECT s.* FROM order_sagas s JOIN orders o ON o.id = s.order_id
       WHERE s.order_id = ANY($1::uuid[]) ORDER BY o.created_at, o.id`,
    ),
    timeline: await query(
      `SELECT t.* FROM order_status_transitions t JOIN orders o ON o.id = t.order_id
       WHERE t.order_id = ANY($1::uuid[]) ORDER BY o.created_at, o.id, t.seq`,
    ),
    // The envelopes but their ids (named below) and enqueue times, which the sink takes from the wall clock.
    messages: written.map(({ type, schemaVersion, aggregateId, correlationId, causationId, payload }) => ({
      type,
      schemaVersion,
      aggregateId,
      correlationId,
      causationId,
      payload,
    })),
  };
  const names = new Map<string, string>([
    ...ids.map((id, index) => [id, `order-${index}`] as const),
    ...replies.map((reply, index) => [reply.context.incoming.envelope.id, `reply-${index}`] as const),
    ...placed.map((envelope, index) => [envelope.id, `placed-${index}`] as const),
    ...written.map((envelope, index) => [envelope.id, `message-${index}`] as const),
  ]);
  let text = JSON.stringify(rows);
  for (const [id, name] of names) text = text.replaceAll(id, name);
  return JSON.parse(text) as typeof rows;
}

describe('the batch handler', () => {
  it('leaves sagas, orders, timeline and outbox as handling the replies one by one does, in five statements', async () => {
    const clock = new Date();
    const batched = await scenario(clock);
    const counted = countingDatabase(fixture.service.pool);
    await counted.db.transaction((tx) => handleSagaReplies(batched.replies, tx, batched.runtime));
    const oneByOne = await scenario(clock);
    const single = countingDatabase(fixture.service.pool);
    for (const reply of oneByOne.replies) {
      await single.db.transaction((tx) => handleSagaReplies([reply], tx, oneByOne.runtime));
    }

    const expected = await outcome(oneByOne);
    expect(await outcome(batched)).toEqual(expected);
    expect(expected.timeline.map((row) => `${row.order_id}:${row.seq}:${row.event}:${row.outcome}`)).toEqual([
      'order-0:1:OrderPlaced:transitioned',
      'order-0:2:StockReserved:transitioned',
      'order-0:3:PaymentProcessed:transitioned',
      'order-1:1:OrderPlaced:transitioned',
      'order-1:2:PaymentProcessed:ignored',
      'order-1:3:StockReservationFailed:transitioned',
      'order-2:1:OrderPlaced:transitioned',
      'order-2:2:StockReserved:transitioned',
      'order-2:3:StockReserved:ignored',
      'order-2:4:PaymentFailed:transitioned',
    ]);
    expect(expected.timeline[4]).toMatchObject({
      reason: 'reservingStock does not accept PaymentProcessed',
      message_id: 'reply-1',
      messages: [],
    });
    expect(expected.timeline[2]).toMatchObject({
      message_id: 'reply-4',
      messages: [
        { id: 'message-4', type: 'CommitStock' },
        { id: 'message-5', type: 'OrderConfirmed' },
        { id: 'message-6', type: 'OrderStatusChanged' },
      ],
    });
    expect(expected.messages[4]).toMatchObject({ causationId: 'reply-4', correlationId: 'order-0' });
    expect(expected.sagas.map((saga) => [saga.state, saga.revision])).toEqual([
      ['confirmed', 3],
      ['cancelled', 3],
      ['compensating', 4],
    ]);

    expect(batched.sink.calls).toHaveLength(batched.placements + 1);
    const dataStatements = (statements: string[]) =>
      statements.filter((statement) => !/^(begin|commit)$/i.test(statement));
    // Lock, outbox, saga rows, order rows, timeline.
    expect(dataStatements(counted.statements)).toHaveLength(5);
    // 5 replies acted on at 5 statements, 2 ignored at 3, 1 unknown at 1: the batch of one is the old path.
    expect(dataStatements(single.statements)).toHaveLength(5 * 5 + 2 * 3 + 1);
  });
});
