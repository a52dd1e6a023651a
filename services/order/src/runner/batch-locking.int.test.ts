import { PaymentProcessed, StockReserved } from '@sagaflow/contracts';
import { waitFor } from '@sagaflow/testkit';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../orders/place-order.js';
import { type ReceivedReply, receivedReply } from '../testing/batch-replies.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines } from '../testing/saga-driver.js';
import { handleSagaReplies } from './handle-reply.js';

let fixture: OrderFixture;
const logger = pino({ level: 'silent' });
const sharedCount = 8;
const othersCount = 192;
const rounds = 25;

beforeAll(async () => {
  fixture = await startOrderFixture('order_batch_locks', {
    STOCK_TIMEOUT_MS: '86400000',
    PAYMENT_TIMEOUT_MS: '86400000',
  });
});
afterAll(() => fixture?.close());

/** The SQLSTATE of a failed statement, which Drizzle wraps. */
function sqlStateOf(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : sqlStateOf(cause);
}

async function placeWithIds(ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await placeOrder(
      fixture.service.db,
      { customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }] },
      { newId: () => id },
      fixture.runtime,
    );
  }
}

/** Runs `work` while another transaction holds the lock of one saga, until `waiters` sessions wait for locks. */
async function whileHeld(orderId: string, waiters: number, work: () => Promise<unknown>[]) {
  const holder = await fixture.service.pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM order_sagas WHERE order_id = $1 FOR UPDATE', [orderId]);
    const running = Promise.allSettled(work());
    await waitFor(async () => {
      const { rows } = await fixture.service.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return (rows[0]?.n ?? 0) >= waiters;
    }, 10_000);
    await holder.query('COMMIT');
    return await running;
  } finally {
    holder.release();
  }
}

describe('two batches sharing sagas', () => {
  /*
   * Were the locks not ordered by the lock statement, its plan would order them:
   * with statistics, Postgres locks a few sagas through the primary key's index
   * (id order) and many by a sequential scan (table order). So the shared sagas
   * are stored in descending id order, one batch is large and the other small,
   * and a third transaction holds the middle saga until both batches wait, so
   * that each has taken some locks before the other finishes.
   */
  it('never deadlock, whatever their sizes and the order of their messages', async () => {
    const shared = Array.from({ length: sharedCount }, () => uuidv7());
    await placeWithIds([...shared].reverse());
    const others = Array.from({ length: othersCount }, () => uuidv7());
    await placeWithIds(others);
    await fixture.service.pool.query('ANALYZE order_sagas');

    const context = { logger, sink: fixture.runtime.sink };
    let offset = 0;
    // Each shared saga twice, a step then a reply its state refuses: both lock, plan and write.
    const twice = (orderId: string): ReceivedReply[] => [
      receivedReply(StockReserved, { orderId, lines, totalCents: 2500 }, offset++, context),
      receivedReply(PaymentProcessed, { orderId, paymentId: 'p', amountCents: 1 }, offset++, context),
    ];
    const failures: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const large = [
        ...shared.flatMap(twice),
        ...others.map((orderId) =>
          receivedReply(PaymentProcessed, { orderId, paymentId: 'p', amountCents: 1 }, offset++, context),
        ),
      ];
      const small = [...shared].reverse().flatMap(twice);
      const settled = await whileHeld(shared[sharedCount / 2] ?? '', 2, () =>
        [large, small].map((batch) =>
          fixture.service.db.transaction((tx) => handleSagaReplies(batch, tx, fixture.runtime)),
        ),
      );
      for (const result of settled) {
        if (result.status === 'rejected') failures.push(`round ${round}: ${sqlStateOf(result.reason)}`);
      }
    }
    expect(failures).toEqual([]);
    const revisions = async (ids: string[]) =>
      (
        await fixture.service.pool.query<{ revision: number }>(
          'SELECT revision FROM order_sagas WHERE order_id = ANY($1::uuid[])',
          [ids],
        )
      ).rows.map((row) => row.revision);
    // Placed at 1, then a step for each of their messages: every batch took effect.
    expect(await revisions(shared)).toEqual(Array(sharedCount).fill(1 + 4 * rounds));
    expect(await revisions(others)).toEqual(Array(othersCount).fill(1 + rounds));
  });
});
