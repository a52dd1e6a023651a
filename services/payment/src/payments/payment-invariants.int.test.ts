import { ProcessPayment } from '@sagaflow/contracts';
import { migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { and, eq } from 'drizzle-orm';
import type pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from '../db/database.js';
import { paymentSchema, walletEntries } from '../db/schema.js';
import { balanceOf, contextFor, ledgerOf, newCustomerId, topUp } from '../testing/payment-fixture.js';
import { handlePaymentCommand } from './handle-command.js';
import { recordCharge } from './payment-store.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
let db: PaymentDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  const { databaseUrl } = await testEnvironment('payment');
  ({ db, pool } = openDatabase({ url: databaseUrl, schema: paymentSchema, logger, maxConnections: 25 }));
  await migrateDatabase(db, paymentMigrationsFolder);
});

afterAll(async () => {
  await pool?.end();
});

/** Handles one ProcessPayment in a transaction of its own, as the inbox consumer does. */
function charge(orderId: string, customerId: string, amountCents: number): Promise<void> {
  const payload = { orderId, customerId, amountCents };
  return db.transaction((tx) =>
    handlePaymentCommand(
      { type: 'ProcessPayment', payload },
      tx,
      contextFor(ProcessPayment, payload, logger),
    ),
  );
}

/** The Postgres error behind a rejection, whether drizzle wrapped it or not. */
async function databaseErrorOf(work: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('expected the database to refuse');
  const cause = 'code' in error ? error : error.cause;
  return { ...(cause as { code?: string; constraint?: string }) };
}

async function repliesInOutbox(orderIds: string[]): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ type: string; count: number }>(
    'SELECT type, count(*)::int AS count FROM outbox WHERE aggregate_id = ANY($1) GROUP BY type',
    [orderIds],
  );
  return Object.fromEntries(rows.map((row) => [row.type, row.count]));
}

describe('concurrent charges', () => {
  it('of one customer in 20 parallel transactions never take the balance below zero', async () => {
    const customerId = newCustomerId();
    await topUp(db, customerId, 500);
    const orderIds = Array.from({ length: 20 }, () => uuidv7());

    const results = await Promise.allSettled(orderIds.map((orderId) => charge(orderId, customerId, 100)));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await balanceOf(db, customerId)).toBe(0);
    const debits = await db
      .select()
      .from(walletEntries)
      .where(and(eq(walletEntries.customerId, customerId), eq(walletEntries.kind, 'debit')));
    expect(debits).toHaveLength(5);
    expect(await repliesInOutbox(orderIds)).toEqual({ PaymentProcessed: 5, PaymentFailed: 15 });
  });

  it('of one order in parallel debit it once; a loser is refused by the ledger and repeats on retry', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await topUp(db, customerId, 1_000);

    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => charge(orderId, customerId, 100)),
    );
    const refusals = await Promise.all(
      results.flatMap((result) =>
        result.status === 'rejected' ? [databaseErrorOf(Promise.reject(result.reason))] : [],
      ),
    );
    // The inbox consumer retries a failed transaction; the retry finds the charge and repeats it.
    for (const _ of refusals) await charge(orderId, customerId, 100);

    for (const refusal of refusals) expect(refusal.code).toBe('23505');
    expect(await ledgerOf(db, orderId)).toEqual(['debit:100']);
    expect(await balanceOf(db, customerId)).toBe(900);
    expect(await repliesInOutbox([orderId])).toEqual({ PaymentProcessed: 4 });
  });
});

describe('the database itself', () => {
  it('rejects a direct UPDATE that would make a balance negative', async () => {
    const customerId = newCustomerId();
    await topUp(db, customerId, 50);

    const refusal = await databaseErrorOf(
      pool.query('UPDATE wallets SET balance_cents = -1 WHERE customer_id = $1', [customerId]),
    );

    expect(refusal).toMatchObject({ code: '23514', constraint: 'wallets_balance_not_negative' });
    expect(await balanceOf(db, customerId)).toBe(50);
  });

  it('rejects a charge beyond the balance even when no decision stood in the way', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await topUp(db, customerId, 50);

    const refusal = await databaseErrorOf(
      db.transaction((tx) => recordCharge(tx, { orderId, customerId, amountCents: 51 })),
    );

    expect(refusal).toMatchObject({ code: '23514', constraint: 'wallets_balance_not_negative' });
    expect(await balanceOf(db, customerId)).toBe(50);
    expect(await ledgerOf(db, orderId)).toEqual([]);
  });

  it('rejects a second debit of one order', async () => {
    const customerId = newCustomerId();
    const orderId = uuidv7();
    await topUp(db, customerId, 1_000);
    await charge(orderId, customerId, 100);

    const refusal = await databaseErrorOf(
      db.insert(walletEntries).values({ id: uuidv7(), customerId, orderId, kind: 'debit', amountCents: 100 }),
    );

    expect(refusal).toMatchObject({ code: '23505', constraint: 'wallet_entries_order_kind_unique' });
    expect(await ledgerOf(db, orderId)).toEqual(['debit:100']);
  });
});
