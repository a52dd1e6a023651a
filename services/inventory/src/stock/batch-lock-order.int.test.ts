import { waitFor } from '@sagaflow/testkit';
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
const rounds = 30;
const ordersPerSide = 60;

function fresh(count: number): string[] {
  return Array.from({ length: count }, () => uuidv7());
}

const commit = (orderId: string): StockCommand => ({ type: 'CommitStock', payload: { orderId } });
const release = (orderId: string): StockCommand => ({
  type: 'ReleaseStock',
  payload: { orderId, reason: 'test' },
});

/** Three skus per order, from the order's place on, listed one way or the other. */
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

/**
 * One side's batch of a round: it settles what both sides reserved the round before
 * (rows that exist, so they are locked rather than claimed), reserves the shared and
 * its own orders interleaved (some shared ones released or committed straight
 * after), and settles two of its own from the round before. Reversed, it is the
 * other side's batch: every order keeps its distance from the middle.
 */
function batchOf({ shared, own, earlierOwn, earlierShared }: Side): StockCommand[] {
  const [sell, free] = earlierOwn;
  const settled = earlierShared.map((orderId, index) =>
    index % 2 === 0 ? commit(orderId) : release(orderId),
  );
  const reserved = own.flatMap((ownOrder, index) => {
    const sharedOrder = shared[index];
    if (sharedOrder === undefined) return [reservation(ownOrder, index)];
    const after = [[], [release(sharedOrder)], [commit(sharedOrder)]][index % 3] ?? [];
    return [reservation(sharedOrder, 2 * index), ...after, reservation(ownOrder, 2 * index + 1)];
  });
  return [
    ...(sell === undefined ? [] : [commit(sell)]),
    ...settled,
    ...reserved,
    ...(free === undefined ? [] : [release(free)]),
  ];
}

/** A row both batches of a round must lock, and how to hold it. */
interface Pivot {
  statement: string;
  key: string;
}

/**
 * Runs the batches in a transaction each while a third transaction holds a row in
 * the middle of what both lock, and lets go only once both wait: locking in
 * opposite orders, each would then hold half of what the other needs next (a sure
 * deadlock); locking in one order, the second waits for the first.
 */
async function concurrently(
  batches: readonly StockCommand[][],
  pivot: Pivot,
): Promise<PromiseSettledResult<void>[]> {
  const blocker = await fixture.service.pool.connect();
  try {
    await blocker.query('begin');
    await blocker.query(pivot.statement, [pivot.key]);
    const settled = Promise.allSettled(
      batches.map((commands) => {
        const batch = receivedBatch(commands, recordingSink({ write: false }));
        return fixture.service.db.transaction((tx) => handleInventoryBatch(batch, tx));
      }),
    );
    try {
      await waitFor(
        async () => {
          // Not on the blocker: inside a transaction pg_stat_activity keeps showing its first snapshot.
          const { rows } = await fixture.service.pool.query<{ waiting: number }>(
            `select count(*)::int as waiting from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`,
          );
          return rows[0]?.waiting === batches.length;
        },
        10_000,
        () => `the batches never all waited on ${pivot.key}`,
      );
    } finally {
      await blocker.query('rollback');
    }
    return await settled;
  } finally {
    blocker.release();
  }
}

function pivotOf(round: number, side: Side): Pivot {
  const middle = Math.floor(ordersPerSide / 2);
  switch (round % 3) {
    case 0:
      return {
        statement: "insert into reservations (order_id, status) values ($1, 'released')",
        key: side.shared[middle] as string,
      };
    case 1:
      return {
        statement: 'select 1 from reservations where order_id = $1 for update',
        key: side.earlierShared[middle] as string,
      };
    default:
      return { statement: 'select 1 from products where sku = $1 for update', key: skus[middle] as string };
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
      // Rounds meet on new orders they both claim, on existing orders, or only on products.
      const shared = round % 3 === 0 ? fresh(ordersPerSide) : [];
      const own = { a: fresh(ordersPerSide), b: fresh(ordersPerSide) };
      const a: Side = { shared, own: own.a, earlierOwn: earlier.a, earlierShared: earlier.shared };
      const b: Side = { shared, own: own.b, earlierOwn: earlier.b, earlierShared: earlier.shared };
      const results = await concurrently([batchOf(a), batchOf(b).reverse()], pivotOf(round, a));
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
