import { ProcessPayment, RefundPayment } from '@sagaflow/contracts';
import { type MessageContext, migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import type pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from '../db/database.js';
import { paymentSchema } from '../db/schema.js';
import { contextFor, newCustomerId } from '../testing/payment-fixture.js';
import type { PaymentCommand } from './batch-plan.js';
import { handlePaymentBatch } from './handle-batch.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
let db: PaymentDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  const { databaseUrl } = await testEnvironment('payment');
  ({ db, pool } = openDatabase({ url: databaseUrl, schema: paymentSchema, logger }));
  await migrateDatabase(db, paymentMigrationsFolder);
});

afterAll(async () => {
  await pool?.end();
});

const rounds = 25;
const customersPerRound = 20;
const seedCents = 1_000;

function received(message: PaymentCommand): { message: PaymentCommand; context: MessageContext } {
  const context =
    message.type === 'ProcessPayment'
      ? contextFor(ProcessPayment, message.payload, logger)
      : contextFor(RefundPayment, message.payload, logger);
  return { message, context };
}

const charge = (orderId: string, customerId: string, amountCents: number): PaymentCommand => ({
  type: 'ProcessPayment',
  payload: { orderId, customerId, amountCents },
});
const refund = (orderId: string): PaymentCommand => ({
  type: 'RefundPayment',
  payload: { orderId, reason: 'overlap' },
});

/** The Postgres error code a transaction failed with, or undefined when it committed. */
async function failureCode(work: Promise<unknown>): Promise<string | undefined> {
  return work.then(
    () => undefined,
    (reason: unknown) => {
      const cause = reason instanceof Error && !('code' in reason) ? reason.cause : reason;
      return String((cause as { code?: string }).code ?? reason);
    },
  );
}

/**
 * Runs both batches in transactions of their own, at once. A third transaction
 * holds one row in the middle of the contended ones until both batches wait:
 * locking in the order the messages came, each would by then hold the rows on its
 * side of it and want the other's, a sure deadlock; locking sorted, the second
 * waits for the first at the first row.
 */
async function raceBatches(
  batches: readonly PaymentCommand[][],
  held: { orderId: string } | { customerId: string },
): Promise<(string | undefined)[]> {
  const blocker = await pool.connect();
  try {
    await blocker.query('BEGIN');
    await ('orderId' in held
      ? blocker.query('SELECT 1 FROM payments WHERE order_id = $1 FOR UPDATE', [held.orderId])
      : blocker.query('SELECT 1 FROM wallets WHERE customer_id = $1 FOR UPDATE', [held.customerId]));
    const outcomes = batches.map((commands) =>
      failureCode(db.transaction((tx) => handlePaymentBatch(commands.map(received), tx))),
    );
    await untilWaiting(batches.length);
    await blocker.query('COMMIT');
    return await Promise.all(outcomes);
  } catch (error) {
    await blocker.query('ROLLBACK');
    throw error;
  } finally {
    blocker.release();
  }
}

/** Polls outside the blocker's transaction, which would see one snapshot of the activity throughout. */
async function untilWaiting(count: number): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const { rows } = await pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.count ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the batches never both waited for a lock');
}

/** Each customer's wallet with one top-up of `seedCents`, in one statement, books balanced as the credits route keeps them. */
async function seed(customers: string[]): Promise<void> {
  await pool.query(
    `WITH created AS (
       INSERT INTO wallets (customer_id, balance_cents) SELECT unnest($1::text[]), $2 RETURNING customer_id
     )
     INSERT INTO wallet_entries (id, customer_id, reference, kind, amount_cents)
     SELECT gen_random_uuid(), customer_id, 'seed:' || customer_id, 'credit', $2 FROM created`,
    [customers, seedCents],
  );
}

/** Balance, 600-cent charges and refund credits per customer, for the round's customers. */
async function walletsOf(customers: string[]) {
  const { rows } = await pool.query<{ balance: string; charges: number; credits: number }>(
    `SELECT w.balance_cents AS balance,
       count(e.id) FILTER (WHERE e.kind = 'debit' AND e.amount_cents = 600)::int AS charges,
       count(e.id) FILTER (WHERE e.kind = 'credit' AND e.order_id IS NOT NULL)::int AS credits
     FROM wallets w LEFT JOIN wallet_entries e USING (customer_id)
     WHERE w.customer_id = ANY($1) GROUP BY w.customer_id, w.balance_cents`,
    [customers],
  );
  return rows.map((row) => ({ ...row, balance: Number(row.balance) }));
}

/**
 * Two partitions' batches: every customer is charged 600 for an order of each batch,
 * in opposite customer order. Exactly one of a customer's two charges fits.
 */
async function sameCustomersRound() {
  const customers = Array.from({ length: customersPerRound }, () => newCustomerId());
  await seed(customers);
  const [first, second] = [0, 1].map(() => customers.map((customerId) => charge(uuidv7(), customerId, 600)));
  const codes = await raceBatches([first ?? [], [...(second ?? [])].reverse()], {
    customerId: customers[customersPerRound / 2] as string,
  });
  return { codes, customers, expected: { balance: 400, charges: 1, credits: 0 } };
}

/**
 * A redelivered stretch beside fresh orders: both batches refund the same earlier
 * charges (300 each) and charge every customer 600 for an order of their own, in
 * opposite order. The shared charges go back once, and one of the 600s fits.
 */
async function sameOrdersRound() {
  const customers = Array.from({ length: customersPerRound }, () => newCustomerId());
  await seed(customers);
  const shared = customers.map((customerId) => charge(uuidv7(), customerId, 300));
  await db.transaction((tx) => handlePaymentBatch(shared.map(received), tx));
  const batch = () =>
    customers.flatMap((customerId, index) => [
      charge(uuidv7(), customerId, 600),
      refund(shared[index]?.payload.orderId as string),
    ]);
  const codes = await raceBatches([batch(), batch().reverse()], {
    orderId: shared[customersPerRound / 2]?.payload.orderId as string,
  });
  return { codes, customers, expected: { balance: 400, charges: 1, credits: 1 } };
}

describe('two overlapping batches in concurrent transactions, messages in opposite order', () => {
  it.each([
    ['the same customers, different orders', sameCustomersRound],
    ['the same orders and customers', sameOrdersRound],
  ])('on %s: never deadlock, and leave every balance as its ledger says', async (_case, round) => {
    const failures: string[] = [];
    for (let done = 0; done < rounds; done += 1) {
      const { codes, customers, expected } = await round();
      const failed = codes.filter((code) => code !== undefined);
      // A rolled-back batch leaves the round half done; the failure is the finding.
      if (failed.length > 0) {
        failures.push(...failed.map((code) => `round ${done}: ${code}`));
        continue;
      }
      expect(await walletsOf(customers)).toEqual(customers.map(() => expected));
    }

    expect(failures).toEqual([]);
    const { rows } = await pool.query(
      `SELECT w.customer_id FROM wallets w LEFT JOIN wallet_entries e USING (customer_id)
       GROUP BY w.customer_id, w.balance_cents
       HAVING w.balance_cents <> coalesce(sum(CASE e.kind WHEN 'credit' THEN e.amount_cents
                                                         ELSE -e.amount_cents END), 0)`,
    );
    expect(rows).toEqual([]);
  });
});
