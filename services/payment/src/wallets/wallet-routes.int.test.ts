import { RefundPayment } from '@sagaflow/contracts';
import { createHttpServer, type HttpServer, migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import type pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from '../db/database.js';
import { paymentSchema } from '../db/schema.js';
import { handlePaymentCommand } from '../payments/handle-command.js';
import { recordCharge, recordFailure, recordVoid } from '../payments/payment-store.js';
import { contextFor, newCustomerId, paymentOf } from '../testing/payment-fixture.js';
import { walletRoutes } from './wallet-routes.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
let app: HttpServer;
let db: PaymentDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  const { databaseUrl } = await testEnvironment('payment');
  ({ db, pool } = openDatabase({ url: databaseUrl, schema: paymentSchema, logger }));
  await migrateDatabase(db, paymentMigrationsFolder);
  app = createHttpServer({ logger });
  await app.register(walletRoutes, { db });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
});

function credit(customerId: string, amountCents: number) {
  return app.inject({
    method: 'POST',
    url: `/wallets/${customerId}/credits`,
    payload: { amountCents, reference: `test:${uuidv7()}` },
  });
}

describe('GET /wallets/:customerId', () => {
  it('shows the balance beside the ledger totals, and the books balance', async () => {
    const customerId = newCustomerId();
    const [kept, refunded] = [uuidv7(), uuidv7()];
    await credit(customerId, 1_000);
    await credit(customerId, 250);
    await db.transaction((tx) => recordCharge(tx, { orderId: kept, customerId, amountCents: 300 }));
    await db.transaction((tx) => recordCharge(tx, { orderId: refunded, customerId, amountCents: 200 }));
    await db.transaction((tx) =>
      handlePaymentCommand(
        { type: 'RefundPayment', payload: { orderId: refunded, reason: 'test' } },
        tx,
        contextFor(RefundPayment, { orderId: refunded, reason: 'test' }, logger),
      ),
    );

    const response = await app.inject({ method: 'GET', url: `/wallets/${customerId}` });

    expect(response.statusCode).toBe(200);
    const books = response.json();
    expect(books).toEqual({
      customerId,
      balanceCents: 950,
      creditedCents: 1_250,
      chargedCents: 500,
      refundedCents: 200,
    });
    expect(books.creditedCents).toBe(books.balanceCents + books.chargedCents - books.refundedCents);
  });

  it('answers an unknown wallet with a 404 problem', async () => {
    const customerId = newCustomerId();

    const response = await app.inject({ method: 'GET', url: `/wallets/${customerId}` });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, title: 'Wallet not found' });
  });
});

describe('GET /wallets/:customerId/entries', () => {
  it('lists the ledger lines of the wallet, oldest first', async () => {
    const customerId = newCustomerId();
    const [first, second] = [uuidv7(), uuidv7()];
    const { reference } = (await credit(customerId, 1_000)).json<{ reference: string }>();
    await db.transaction((tx) => recordCharge(tx, { orderId: first, customerId, amountCents: 300 }));
    await db.transaction((tx) => recordCharge(tx, { orderId: second, customerId, amountCents: 200 }));

    const response = await app.inject({ method: 'GET', url: `/wallets/${customerId}/entries` });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      customerId,
      entries: [
        {
          id: expect.any(String),
          orderId: null,
          reference,
          kind: 'credit',
          amountCents: 1_000,
          at: expect.any(String),
        },
        {
          id: expect.any(String),
          orderId: first,
          reference: null,
          kind: 'debit',
          amountCents: 300,
          at: expect.any(String),
        },
        {
          id: expect.any(String),
          orderId: second,
          reference: null,
          kind: 'debit',
          amountCents: 200,
          at: expect.any(String),
        },
      ],
    });
    const limited = await app.inject({ method: 'GET', url: `/wallets/${customerId}/entries?limit=1` });
    expect(limited.json<{ entries: unknown[] }>().entries).toHaveLength(1);
  });

  it('answers an unknown wallet with 404 and a bad limit with a 400 naming it', async () => {
    const unknown = await app.inject({ method: 'GET', url: `/wallets/${newCustomerId()}/entries` });
    const badLimit = await app.inject({ method: 'GET', url: `/wallets/${newCustomerId()}/entries?limit=0` });

    expect(unknown.statusCode).toBe(404);
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json()).toMatchObject({ errors: [{ field: 'querystring.limit' }] });
  });
});

describe('GET /payments/:orderId', () => {
  it('shows a charged, a failed and a voided payment', async () => {
    const customerId = newCustomerId();
    const [charged, failed, voided] = [uuidv7(), uuidv7(), uuidv7()];
    await credit(customerId, 1_000);
    await db.transaction(async (tx) => {
      await recordCharge(tx, { orderId: charged, customerId, amountCents: 300 });
      await recordFailure(tx, {
        orderId: failed,
        customerId,
        amountCents: 5_000,
        reason: 'insufficient_funds',
      });
      await recordVoid(tx, voided);
    });
    const get = (orderId: string) => app.inject({ method: 'GET', url: `/payments/${orderId}` });

    expect((await get(charged)).json()).toEqual({
      orderId: charged,
      customerId,
      status: 'charged',
      amountCents: 300,
      refundedCents: 0,
      paymentId: (await paymentOf(db, charged))?.paymentId,
      failureReason: null,
    });
    expect((await get(failed)).json()).toMatchObject({
      status: 'failed',
      failureReason: 'insufficient_funds',
    });
    expect((await get(voided)).json()).toMatchObject({ status: 'voided', customerId: null, amountCents: 0 });
  });

  it('answers an unknown order with 404 and a malformed order id with a 400 naming it', async () => {
    const unknown = await app.inject({ method: 'GET', url: `/payments/${uuidv7()}` });
    const malformed = await app.inject({ method: 'GET', url: '/payments/not-a-uuid' });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, title: 'Payment not found' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ errors: [{ field: 'params.orderId' }] });
  });
});
