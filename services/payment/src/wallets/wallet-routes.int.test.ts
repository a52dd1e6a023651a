import { createHttpServer, type HttpServer, migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import type pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from '../db/database.js';
import { paymentSchema } from '../db/schema.js';
import { recordCharge, recordFailure, recordVoid } from '../payments/payment-store.js';
import { newCustomerId, paymentOf } from '../testing/payment-fixture.js';
import { walletRoutes } from './wallet-routes.js';

let app: HttpServer;
let db: PaymentDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
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

function putWallet(customerId: string, body: unknown) {
  return app.inject({
    method: 'PUT',
    url: `/wallets/${customerId}`,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

describe('PUT /wallets/:customerId', () => {
  it('creates a wallet, then sets its balance', async () => {
    const customerId = newCustomerId();

    const created = await putWallet(customerId, { balanceCents: 1_000 });
    const updated = await putWallet(customerId, { balanceCents: 250 });

    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ customerId, balanceCents: 1_000 });
    expect(updated.json()).toEqual({ customerId, balanceCents: 250 });
    const read = await app.inject({ method: 'GET', url: `/wallets/${customerId}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ customerId, balanceCents: 250 });
  });

  it.each([
    ['a negative balance', { balanceCents: -1 }, 'body.balanceCents'],
    ['a fractional balance', { balanceCents: 1.5 }, 'body.balanceCents'],
    ['a balance sent as text', { balanceCents: '100' }, 'body.balanceCents'],
    ['no balance', {}, 'body.balanceCents'],
    ['an unknown field', { balanceCents: 1, currency: 'EUR' }, 'body.currency'],
  ])('refuses %s with a 400 problem naming the field', async (_case, body, field) => {
    const customerId = newCustomerId();

    const response = await putWallet(customerId, body);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, errors: [{ field }] });
    expect((await app.inject({ method: 'GET', url: `/wallets/${customerId}` })).statusCode).toBe(404);
  });

  it('refuses a malformed customer id with a 400 problem naming the parameter', async () => {
    const response = await putWallet('-not_a_customer', { balanceCents: 1 });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: 'params.customerId' }] });
  });
});

describe('GET /wallets/:customerId', () => {
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
    await putWallet(customerId, { balanceCents: 1_000 });
    await db.transaction((tx) => recordCharge(tx, { orderId: first, customerId, amountCents: 300 }));
    await db.transaction((tx) => recordCharge(tx, { orderId: second, customerId, amountCents: 200 }));

    const response = await app.inject({ method: 'GET', url: `/wallets/${customerId}/entries` });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      customerId,
      entries: [
        { id: expect.any(String), orderId: first, kind: 'debit', amountCents: 300, at: expect.any(String) },
        { id: expect.any(String), orderId: second, kind: 'debit', amountCents: 200, at: expect.any(String) },
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
    await putWallet(customerId, { balanceCents: 1_000 });
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
