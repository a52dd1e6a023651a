import { createHttpServer, type HttpServer, migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from '../db/database.js';
import { paymentSchema, walletEntries, wallets } from '../db/schema.js';
import { balanceOf, newCustomerId } from '../testing/payment-fixture.js';
import { maxCreditedCents } from './credit-decisions.js';
import { writeCredit } from './credit-store.js';
import { walletRoutes } from './wallet-routes.js';

let app: HttpServer;
let db: PaymentDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const { databaseUrl } = await testEnvironment('payment');
  ({ db, pool } = openDatabase({ url: databaseUrl, schema: paymentSchema, logger, maxConnections: 12 }));
  await migrateDatabase(db, paymentMigrationsFolder);
  app = createHttpServer({ logger });
  await app.register(walletRoutes, { db });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
});

const newReference = () => `test:${uuidv7()}`;

function postCredit(customerId: string, body: unknown) {
  return app.inject({
    method: 'POST',
    url: `/wallets/${customerId}/credits`,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

async function entriesOf(customerId: string) {
  return db.select().from(walletEntries).where(eq(walletEntries.customerId, customerId));
}

async function walletExists(customerId: string): Promise<boolean> {
  const rows = await db.select().from(wallets).where(eq(wallets.customerId, customerId));
  return rows.length > 0;
}

/** A wallet credited `amountCents` without the route's limit: one ledger line and its balance. */
async function creditDirectly(customerId: string, amountCents: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(wallets).values({ customerId, balanceCents: amountCents });
    await tx.insert(walletEntries).values({
      id: uuidv7(),
      customerId,
      reference: newReference(),
      kind: 'credit',
      amountCents,
    });
  });
}

async function untilSomeoneWaitsForALock(): Promise<void> {
  for (let tries = 0; tries < 2_000; tries += 1) {
    const { rows } = await pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.count ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('no transaction ever waited for a lock');
}

describe('POST /wallets/:customerId/credits', () => {
  it('creates the wallet at 0 and credits it (201), then adds a second credit', async () => {
    const customerId = newCustomerId();
    const reference = newReference();

    const first = await postCredit(customerId, { amountCents: 1_000, reference });
    const second = await postCredit(customerId, { amountCents: 250, reference: newReference() });

    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toBe(`/wallets/${customerId}`);
    expect(first.json()).toEqual({
      entryId: expect.any(String),
      customerId,
      reference,
      amountCents: 1_000,
      at: expect.any(String),
    });
    expect(second.statusCode).toBe(201);
    expect(await balanceOf(db, customerId)).toBe(1_250);
    const entries = await entriesOf(customerId);
    expect(entries.map((entry) => [entry.kind, entry.orderId, entry.amountCents])).toEqual([
      ['credit', null, 1_000],
      ['credit', null, 250],
    ]);
  });

  it('answers the same reference and amount again with the original credit (200), crediting once', async () => {
    const customerId = newCustomerId();
    const body = { amountCents: 700, reference: newReference() };
    const original = await postCredit(customerId, body);

    const again = await postCredit(customerId, body);

    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(original.json());
    expect(await balanceOf(db, customerId)).toBe(700);
    expect(await entriesOf(customerId)).toHaveLength(1);
  });

  it('refuses the reference with another amount or for another customer with a 409 problem, writing nothing', async () => {
    const customerId = newCustomerId();
    const other = newCustomerId();
    const reference = newReference();
    await postCredit(customerId, { amountCents: 700, reference });

    const otherAmount = await postCredit(customerId, { amountCents: 701, reference });
    const otherCustomer = await postCredit(other, { amountCents: 700, reference });

    for (const response of [otherAmount, otherCustomer]) {
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        status: 409,
        title: 'Credit reference reused',
        errors: [{ field: 'body.reference' }],
      });
    }
    expect(await balanceOf(db, customerId)).toBe(700);
    expect(await walletExists(other)).toBe(false);
  });

  it('credits once when the same reference arrives in parallel', async () => {
    const customerId = newCustomerId();
    const body = { amountCents: 300, reference: newReference() };

    const responses = await Promise.all(Array.from({ length: 8 }, () => postCredit(customerId, body)));

    expect(responses.map((response) => response.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(responses.map((response) => response.json().entryId)).size).toBe(1);
    expect(await balanceOf(db, customerId)).toBe(300);
    expect(await entriesOf(customerId)).toHaveLength(1);
  });

  it('gives the reference to one wallet only when several customers race for it', async () => {
    const customers = Array.from({ length: 6 }, () => newCustomerId());
    const reference = newReference();

    const responses = await Promise.all(
      customers.map((customerId) => postCredit(customerId, { amountCents: 40, reference })),
    );

    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = customers[responses.findIndex((response) => response.statusCode === 201)] as string;
    const existing = await Promise.all(customers.map(walletExists));
    expect(customers.filter((_, index) => existing[index])).toEqual([winner]);
    expect(await balanceOf(db, winner)).toBe(40);
  });

  it('refuses a credit past the wallet limit with a 422 problem, and takes one up to it', async () => {
    const customerId = newCustomerId();
    await creditDirectly(customerId, maxCreditedCents - 10);

    const over = await postCredit(customerId, { amountCents: 11, reference: newReference() });
    const upTo = await postCredit(customerId, { amountCents: 10, reference: newReference() });

    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ status: 422, errors: [{ field: 'body.amountCents' }] });
    expect(upTo.statusCode).toBe(201);
    expect(await balanceOf(db, customerId)).toBe(maxCreditedCents);
  });

  it('repeats, not limits, a duplicate that waited on the wallet while the first credit took it to the limit', async () => {
    const customerId = newCustomerId();
    await creditDirectly(customerId, maxCreditedCents - 10);
    const request = { customerId, amountCents: 10, reference: newReference() };
    let written: () => void = () => undefined;
    let commit: () => void = () => undefined;
    const wasWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const first = db.transaction(async (tx) => {
      await writeCredit(tx, request, uuidv7);
      written();
      await new Promise<void>((resolve) => {
        commit = resolve;
      });
    });
    await wasWritten;

    const duplicate = postCredit(customerId, { amountCents: 10, reference: request.reference });
    await untilSomeoneWaitsForALock();
    commit();
    await first;
    const response = await duplicate;

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ reference: request.reference, amountCents: 10 });
    expect(await balanceOf(db, customerId)).toBe(maxCreditedCents);
  });

  it.each([
    ['a zero amount', { amountCents: 0, reference: 'r' }, 'body.amountCents'],
    ['a negative amount', { amountCents: -5, reference: 'r' }, 'body.amountCents'],
    ['a fractional amount', { amountCents: 1.5, reference: 'r' }, 'body.amountCents'],
    ['an amount sent as text', { amountCents: '100', reference: 'r' }, 'body.amountCents'],
    [
      'an amount past the largest one credit may be',
      { amountCents: 1_000_000_000_001, reference: 'r' },
      'body.amountCents',
    ],
    ['no amount', { reference: 'r' }, 'body.amountCents'],
    ['an empty reference', { amountCents: 1, reference: '' }, 'body.reference'],
    ['a reference of 201 characters', { amountCents: 1, reference: 'r'.repeat(201) }, 'body.reference'],
    ['a reference with a space', { amountCents: 1, reference: 'top up' }, 'body.reference'],
    ['no reference', { amountCents: 1 }, 'body.reference'],
    ['an unknown field', { amountCents: 1, reference: 'r', currency: 'EUR' }, 'body.currency'],
  ])('refuses %s with a 400 problem naming the field, creating no wallet', async (_case, body, field) => {
    const customerId = newCustomerId();

    const response = await postCredit(customerId, body);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      status: 400,
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
    expect(await walletExists(customerId)).toBe(false);
  });

  it('refuses a malformed customer id with a 400 problem naming the parameter', async () => {
    const response = await postCredit('-not_a_customer', { amountCents: 1, reference: newReference() });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: 'params.customerId' }] });
  });
});

describe('the ledger itself', () => {
  it('refuses a top-up line that is not a positive credit, or that names an order too', async () => {
    const customerId = newCustomerId();
    await postCredit(customerId, { amountCents: 1, reference: newReference() });
    const line = {
      id: uuidv7(),
      customerId,
      reference: newReference(),
      kind: 'credit' as const,
      amountCents: 5,
    };

    const refusals = await Promise.all(
      [
        { ...line, kind: 'debit' as const },
        { ...line, amountCents: 0 },
        { ...line, orderId: uuidv7() },
        { ...line, reference: null },
      ].map((values) =>
        pool
          .query(
            'INSERT INTO wallet_entries (id, customer_id, order_id, reference, kind, amount_cents) VALUES ($1, $2, $3, $4, $5, $6)',
            [
              values.id,
              values.customerId,
              'orderId' in values ? values.orderId : null,
              values.reference,
              values.kind,
              values.amountCents,
            ],
          )
          .then(
            () => 'written',
            (error: { constraint?: string }) => error.constraint,
          ),
      ),
    );

    expect(refusals).toEqual([
      'wallet_entries_top_up_is_positive_credit',
      'wallet_entries_top_up_is_positive_credit',
      'wallet_entries_one_cause',
      'wallet_entries_one_cause',
    ]);
  });
});
