import { bearer } from '@sagaflow/testkit';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveStock } from '../stock/reserve.js';
import { type InventoryFixture, startInventoryFixture } from '../testing/inventory-fixture.js';

let fixture: InventoryFixture;

beforeAll(async () => {
  fixture = await startInventoryFixture();
});

afterAll(async () => {
  await fixture?.close();
});

async function put(path: string, body: unknown): Promise<Response> {
  return fetch(`${fixture.service.url}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...bearer(await fixture.auth.operator()) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** As a customer by default: customers read the catalog too. */
async function get(path: string, as: 'customer' | 'operator' = 'customer'): Promise<Response> {
  const token = as === 'operator' ? await fixture.auth.operator() : await fixture.auth.customer('reader');
  return fetch(`${fixture.service.url}${path}`, { headers: bearer(token) });
}

async function expectProblem(response: Response, status: number, fields: string[] = []): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as { status: number; errors?: { field: string }[] };
  expect(problem.status).toBe(status);
  for (const field of fields) expect(problem.errors?.map((error) => error.field)).toContain(field);
}

describe('catalog', () => {
  it('creates a product, updates it, and lists it', async () => {
    const created = await put('/catalog/LAMP', { name: 'Desk lamp', priceCents: 3999, onHand: 12 });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({
      sku: 'LAMP',
      name: 'Desk lamp',
      priceCents: 3999,
      onHand: 12,
      reserved: 0,
      sold: 0,
    });

    const updated = await put('/catalog/LAMP', { name: 'Desk lamp (LED)', priceCents: 4499, onHand: 20 });
    expect(await updated.json()).toMatchObject({ name: 'Desk lamp (LED)', priceCents: 4499, onHand: 20 });

    expect(await (await get('/catalog/LAMP')).json()).toMatchObject({ sku: 'LAMP', onHand: 20 });
    const listed = (await (await get('/catalog')).json()) as { sku: string }[];
    expect(listed.map((product) => product.sku)).toContain('LAMP');
  });

  it('sets on hand on update, leaving what is reserved untouched', async () => {
    await put('/catalog/CHAIR', { name: 'Chair', priceCents: 8900, onHand: 5 });
    await fixture.service.db.transaction((tx) =>
      reserveStock(
        tx,
        { orderId: uuidv7(), customerId: 'c', items: [{ sku: 'CHAIR', quantity: 2 }] },
        pino({ level: 'silent' }),
      ),
    );

    const restocked = await put('/catalog/CHAIR', { name: 'Chair', priceCents: 8900, onHand: 10 });

    expect(await restocked.json()).toMatchObject({ onHand: 10, reserved: 2, sold: 0 });
  });

  it('answers an unknown sku with a 404 problem', async () => {
    await expectProblem(await get('/catalog/NO-SUCH-SKU'), 404);
  });

  it('refuses invalid input with a 400 problem naming the field', async () => {
    await expectProblem(await put('/catalog/DESK', { priceCents: 100, onHand: 1 }), 400, ['body.name']);
    await expectProblem(await put('/catalog/DESK', { name: 'Desk', priceCents: -1, onHand: 1 }), 400, [
      'body.priceCents',
    ]);
    await expectProblem(await put('/catalog/DESK', { name: 'Desk', priceCents: 100, onHand: 1.5 }), 400, [
      'body.onHand',
    ]);
    await expectProblem(await put('/catalog/DESK', { name: 'Desk', priceCents: '100', onHand: 1 }), 400, [
      'body.priceCents',
    ]);
    await expectProblem(
      await put('/catalog/DESK', { name: 'Desk', priceCents: 100, onHand: 1, color: 'red' }),
      400,
      ['body.color'],
    );
    await expectProblem(await put('/catalog/-DESK', { name: 'Desk', priceCents: 100, onHand: 1 }), 400, [
      'params.sku',
    ]);
    await expectProblem(await put('/catalog/DESK', '{"name":'), 400);
    await expectProblem(await get('/catalog/DESK'), 404);
  });
});

describe('reservations', () => {
  it('answers an unknown order with a 404 problem and a malformed order id with a 400', async () => {
    await expectProblem(await get(`/reservations/${uuidv7()}`, 'operator'), 404);
    await expectProblem(await get('/reservations/not-a-uuid', 'operator'), 400, ['params.orderId']);
  });
});
