import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { footprint, installWriteLog } from '../testing/write-log.js';

let fixture: OrderFixture;
const validOrder = { customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }] };

beforeAll(async () => {
  // No deadline fires during the file: the status listing and the write counts see only what a request did.
  fixture = await startOrderFixture('order_api', { STOCK_TIMEOUT_MS: '86400000' });
  await installWriteLog(fixture.service.pool);
});
afterAll(() => fixture?.close());

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { status: number; detail: string; errors?: { field: string }[] };
}

describe('POST /orders', () => {
  it('accepts an order: 202, Location, id and status', async () => {
    const response = await fixture.post('/orders', validOrder);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; status: string };
    expect(body.status).toBe('reservingStock');
    expect(response.headers.get('location')).toBe(`/orders/${body.id}`);
    await fixture.peer.waitForType('ReserveStock', body.id);
  });

  it('writes each row once: the order, its saga, one timeline row, OrderCreated and ReserveStock', async () => {
    const before = await footprint(fixture.service.pool);
    expect((await fixture.post('/orders', validOrder)).status).toBe(202);
    const after = await footprint(fixture.service.pool);
    const grown = Object.fromEntries(Object.entries(after).map(([key, n]) => [key, n - (before[key] ?? 0)]));
    expect(grown).toEqual({
      'orders.rows': 1,
      'orders.writes': 1,
      'order_sagas.rows': 1,
      'order_sagas.writes': 1,
      'order_status_transitions.rows': 1,
      'order_status_transitions.writes': 1,
      'outbox.writes': 2,
    });
  });

  it.each([
    ['an unknown field', { ...validOrder, priceCents: 1 }, 'body.priceCents'],
    [
      'an unknown item field',
      { customerId: 'c', items: [{ sku: 'MUG', quantity: 1, price: 1 }] },
      'body.items.0.price',
    ],
    ['no items', { customerId: 'c', items: [] }, 'body.items'],
    [
      'too many items',
      { customerId: 'c', items: Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) },
      'body.items',
    ],
    ['a zero quantity', { customerId: 'c', items: [{ sku: 'MUG', quantity: 0 }] }, 'body.items.0.quantity'],
    [
      'a negative quantity',
      { customerId: 'c', items: [{ sku: 'MUG', quantity: -3 }] },
      'body.items.0.quantity',
    ],
    [
      'a fractional quantity',
      { customerId: 'c', items: [{ sku: 'MUG', quantity: 1.5 }] },
      'body.items.0.quantity',
    ],
    [
      'a quantity as a string',
      { customerId: 'c', items: [{ sku: 'MUG', quantity: '2' }] },
      'body.items.0.quantity',
    ],
    [
      'a repeated sku',
      {
        customerId: 'c',
        items: [
          { sku: 'MUG', quantity: 1 },
          { sku: 'MUG', quantity: 1 },
        ],
      },
      'body.items.1.sku',
    ],
  ])('refuses %s with a 400 naming the field', async (_, body, field) => {
    const problem = await problemOf(await fixture.post('/orders', body));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((error) => error.field)).toContain(field);
  });

  it('refuses malformed JSON and an oversized body', async () => {
    expect((await problemOf(await fixture.post('/orders', '{"customerId":'))).status).toBe(400);
    const huge = JSON.stringify({ customerId: 'c', items: [{ sku: 'x'.repeat(70_000), quantity: 1 }] });
    expect((await problemOf(await fixture.post('/orders', huge))).status).toBe(413);
  });

  it('returns the same order for a repeated Idempotency-Key and body, and 422 for another body', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = (await (await fixture.post('/orders', validOrder, headers)).json()) as { id: string };
    const again = await fixture.post('/orders', validOrder, headers);
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    const other = await fixture.post('/orders', { ...validOrder, customerId: 'cust-2' }, headers);
    const problem = await problemOf(other);
    expect(problem.status).toBe(422);
    expect(problem.errors?.[0]?.field).toBe('headers.idempotency-key');
  });

  it('creates one order for one key sent in parallel', async () => {
    const headers = { 'idempotency-key': `parallel-${Date.now()}` };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => fixture.post('/orders', validOrder, headers)),
    );
    const ids = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { id: string }).id),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(202));
    expect(new Set(ids).size).toBe(1);
    const { rows } = await fixture.service.pool.query(
      'SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1',
      [headers['idempotency-key']],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('GET /orders', () => {
  it('answers a malformed id 400 and an unknown one 404, as problems', async () => {
    const notAnId = await fixture.get<{ status: number }>('/orders/not-a-uuid');
    expect(notAnId.body.status).toBe(400);
    const unknown = await fixture.get<{ status: number }>('/orders/0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f');
    expect(unknown.body.status).toBe(404);
  });

  it('lists orders by status, page by page', async () => {
    for (let i = 0; i < 3; i += 1) await fixture.post('/orders', validOrder);
    const first = await fixture.get<{ items: { id: string; status: string }[]; nextCursor: string | null }>(
      '/orders?status=reservingStock&limit=2',
    );
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await fixture.get<{ items: { id: string }[] }>(
      `/orders?status=reservingStock&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.length).toBeGreaterThan(0);
    expect(second.body.items.map((item) => item.id)).not.toContain(first.body.items[0]?.id);
    expect(first.body.items.every((item) => item.status === 'reservingStock')).toBe(true);
    expect((await fixture.get('/orders?status=nonsense')).status).toBe(400);
  });
});
