import { waitFor } from '@sagaflow/testkit';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedBatch, recordingSink } from '../testing/batch-messages.js';
import { type InventoryFixture, seed, startInventoryFixture } from '../testing/inventory-fixture.js';
import type { StockCommand } from './batch-decisions.js';
import { handleInventoryBatch } from './handle-batch.js';

let fixture: InventoryFixture;

beforeAll(async () => {
  fixture = await startInventoryFixture();
});

afterAll(async () => {
  await fixture?.close();
});

const skus = Array.from({ length: 200 }, (_, index) => `LOCK-${String(index).padStart(3, '0')}`);
const seeded = 100_000;
const rounds = 45;
const ordersPerSide = 95;
const gateKey = 4_242;

function fresh(count: number): string[] {
  return Array.from({ length: count }, () => uuidv7());
}

/** Three skus per order, each order starting at another sku and going the other way round. */
function reservation(orderId: string, index: number): StockCommand {
  const picked = [0, 3, 5].map((offset) => skus[(index + offset) % skus.length] as string);
  return {
    type: 'ReserveStock',
    payload: {
      orderId,
      customerId: 'customer-lock',
      items: (index % 2 === 0 ? picked : picked.reverse()).map((sku, line) => ({ sku, quantity: line + 1 })),
    },
  };
}

interface Side {
  /** Orders both sides reserve this round. */
  shared: readonly string[];
  own: readonly string[];
  /** What this side reserved the round before. */
  earlierOwn: readonly string[];
  /** What both sides reserved the round before. */
  earlierShared: readonly string[];
}

const commit = (orderId: string): StockCommand => ({ type: 'CommitStock', payload: { orderId } });
const release = (orderId: string): StockCommand => ({
  type: 'ReleaseStock',
  payload: { orderId, reason: 'test' },
});

/**
 * One side's batch of a round: it settles what both sides reserved the round before
 * (rows that exist, so they are locked rather than claimed), reserves the shared
 * and its own orders interleaved, releases and commits shared orders again, and
 * settles two of its own from the round before.
 */
function batchOf({ shared, own, earlierOwn, earlierShared }: Side): StockCommand[] {
  const orders = shared.flatMap((orderId, index) => [orderId, own[index]]).concat(own.slice(shared.length));
  const [first, second] = shared;
  const [sell, free] = earlierOwn;
  return [
    ...(sell === undefined ? [] : [commit(sell)]),
    ...earlierShared.map((orderId, index) => (index % 2 === 0 ? commit(orderId) : release(orderId))),
    ...orders.flatMap((orderId, index) => (orderId === undefined ? [] : [reservation(orderId, index)])),
    ...(second === undefined ? [] : [release(second)]),
    ...(first === undefined ? [] : [commit(first)]),
    ...(free === undefined ? [] : [release(free)]),
  ];
}

/**
 * Runs each batch in its own transaction, all let go at the same moment: each first
 * waits for a shared advisory lock that a third connection holds until all wait.
 */
async function simultaneously(batches: readonly StockCommand[][]): Promise<PromiseSettledResult<void>[]> {
  const gate = await fixture.service.pool.connect();
  try {
    await gate.query('select pg_advisory_lock($1)', [gateKey]);
    const settled = Promise.allSettled(
      batches.map((commands) => {
        const batch = receivedBatch(commands, recordingSink({ write: false }));
        return fixture.service.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock_shared(${gateKey})`);
          await handleInventoryBatch(batch, tx);
        });
      }),
    );
    await waitFor(async () => {
      const { rows } = await gate.query<{ waiting: number }>(
        `select count(*)::int as waiting from pg_locks
         where locktype = 'advisory' and objid = $1 and not granted`,
        [gateKey],
      );
      return rows[0]?.waiting === batches.length;
    }, 10_000);
    await gate.query('select pg_advisory_unlock($1)', [gateKey]);
    return await settled;
  } finally {
    gate.release();
  }
}

/** The SQLSTATE of a Postgres error, which Drizzle wraps as the cause of its own. */
function sqlStateOf(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
  }
  return undefined;
}

/** Per sku: the units it has in all, and what its reserved and sold columns say against the reservations. */
async function stockBySku(): Promise<
  { sku: string; total: number; columns: string; reservations: string }[]
> {
  const { rows } = await fixture.service.pool.query(
    `select p.sku, p.on_hand + p.reserved + p.sold as total,
            p.reserved || '/' || p.sold as columns,
            coalesce(h.reserved, 0) || '/' || coalesce(h.sold, 0) as reservations
     from products p
     left join (
       select l.sku,
              sum(l.quantity) filter (where r.status = 'reserved') as reserved,
              sum(l.quantity) filter (where r.status = 'committed') as sold
       from reservation_lines l join reservations r using (order_id) group by l.sku
     ) h using (sku)
     where p.sku = any($1::text[])
     order by p.sku`,
    [skus],
  );
  return rows;
}

describe('lock order', () => {
  it('two overlapping batches in opposite order, round after round, never deadlock and the stock adds up', async () => {
    for (const sku of skus) await seed(fixture.service, sku, seeded);
    const failures: string[] = [];
    let earlier = { a: [] as string[], b: [] as string[], shared: [] as string[] };

    for (let round = 0; round < rounds; round += 1) {
      // Rounds claim the same new orders, lock the same existing ones, or meet only on the products.
      const shared = round % 3 === 0 ? fresh(ordersPerSide) : [];
      const own = { a: fresh(ordersPerSide), b: fresh(ordersPerSide) };
      const a = batchOf({ shared, own: own.a, earlierOwn: earlier.a, earlierShared: earlier.shared });
      const b = batchOf({
        shared,
        own: own.b,
        earlierOwn: earlier.b,
        earlierShared: earlier.shared,
      }).reverse();
      const results = await simultaneously([a, b]);
      for (const result of results) {
        if (result.status === 'rejected') {
          failures.push(`round ${round}: ${sqlStateOf(result.reason) ?? result.reason}`);
        }
      }
      earlier = { ...own, shared };
    }

    // 40P01 is a deadlock.
    expect(failures).toEqual([]);
    const stock = await stockBySku();
    expect(stock).toHaveLength(skus.length);
    expect(stock.filter((row) => row.total !== seeded || row.columns !== row.reservations)).toEqual([]);
    expect(stock.filter((row) => row.columns !== '0/0').length).toBeGreaterThan(skus.length / 2);
  });
});
