import { bearer } from '@sagaflow/testkit';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anyJson,
  hostileString,
  type OrderRequest,
  quantityText,
  sqlLookingButAllowed,
  validCustomerId,
  validOrder,
  validSku,
} from '../testing/hostile-arbitraries.js';
import { customerNamedBy, type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { answerOfInject, expectNamesField, expectRefusal } from '../testing/problems.js';
import { footprint, installWriteLog } from '../testing/write-log.js';
import { PlaceOrderBody } from './schemas.js';

let fixture: OrderFixture;
const runs = { numRuns: 80 };

beforeAll(async () => {
  // Sagas must not move on their own while footprints are compared: no deadline fires.
  fixture = await startOrderFixture('order_hostile', { STOCK_TIMEOUT_MS: '86400000', RATE_LIMIT_MAX: '0' });
  await installWriteLog(fixture.service.pool);
});
afterAll(() => fixture?.close());

async function post(payload: string, headers: Record<string, string> = {}) {
  const response = await fixture.service.app.inject({
    method: 'POST',
    url: '/orders',
    headers: {
      'content-type': 'application/json',
      ...bearer(await fixture.auth.customer(customerNamedBy(payload))),
      ...headers,
    },
    payload,
  });
  return answerOfInject(response);
}

/** What the schema and the one-line-per-sku rule allow: the oracle for "accept or refuse". */
function isValidOrder(body: unknown): body is OrderRequest {
  if (!Value.Check(PlaceOrderBody, body)) return false;
  return new Set(body.items.map((item) => item.sku)).size === body.items.length;
}

/** Sends one request; a refusal must leave every order table as it was. */
async function refusedWithoutWrites(payload: string, headers: Record<string, string> = {}) {
  const before = await footprint(fixture.service.pool);
  const problem = expectRefusal(await post(payload, headers));
  expect(await footprint(fixture.service.pool)).toEqual(before);
  return problem;
}

/** An accepted order is stored exactly as sent: every byte of every identifier. */
async function expectStoredAsSent(text: string, sent: OrderRequest): Promise<void> {
  const { id } = JSON.parse(text) as { id: string };
  const { rows } = await fixture.service.pool.query(
    `SELECT customer_id, items, (SELECT count(*)::int FROM order_sagas WHERE order_id = $1) AS sagas
     FROM orders WHERE id = $1`,
    [id],
  );
  expect(rows).toHaveLength(1);
  // An order that names no customer is the token's subject's.
  expect(rows[0].customer_id).toBe(sent.customerId ?? customerNamedBy(sent));
  expect(rows[0].items).toEqual(sent.items);
  expect(rows[0].sagas).toBe(1);
}

async function acceptedOrRefused(body: unknown, field?: string): Promise<void> {
  if (isValidOrder(body)) {
    const answer = await post(JSON.stringify(body));
    expect(answer.status, answer.text).toBe(202);
    await expectStoredAsSent(answer.text, body);
    return;
  }
  const problem = await refusedWithoutWrites(JSON.stringify(body));
  expect(problem.status).toBe(400);
  // A corruption that only repeats another line's sku is named at the later line.
  if (field !== undefined)
    expectNamesField(problem, Value.Check(PlaceOrderBody, body) ? 'body.items' : field);
}

function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: read() };
  } catch {
    return { ok: false };
  }
}

type Path = (string | number)[];

function replaced(order: OrderRequest, path: Path, value: unknown): unknown {
  const copy = structuredClone(order) as unknown as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const corruption = validOrder.chain((order) =>
  fc.record({
    order: fc.constant(order),
    path: fc.constantFrom<Path[]>(
      ['customerId'],
      ['items'],
      ...order.items.flatMap((_, index): Path[] => [
        ['items', index],
        ['items', index, 'sku'],
        ['items', index, 'quantity'],
        ['items', index, hostileKey(index)],
      ]),
      ['extra'],
    ),
    value: fc.oneof(anyJson, fc.constant(undefined)),
  }),
);

function hostileKey(index: number): string {
  return ['price', 'sku ', 'Quantity', '__sku', `x${index}`][index % 5] as string;
}

describe('POST /orders with hostile bodies', () => {
  it('accepts exactly what the schema allows, refuses the rest 400 naming the field, writes nothing then', async () => {
    await fc.assert(
      fc.asyncProperty(corruption, async ({ order, path, value }) => {
        const body = replaced(order, path, value);
        await acceptedOrRefused(body, `body.${path.join('.')}`);
      }),
      runs,
    );
  });

  it('stores unicode and SQL-looking identifiers byte-exact, or refuses them 400', async () => {
    // Allowed values mixed in, so that about a quarter of the orders is accepted.
    const allowedOdd = fc.constantFrom(...sqlLookingButAllowed);
    const odd = fc.record({
      customerId: fc.oneof(hostileString, validCustomerId, allowedOdd),
      items: fc.array(
        fc.record({ sku: fc.oneof(hostileString, validSku, allowedOdd), quantity: fc.constant(1) }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    });
    await fc.assert(
      fc.asyncProperty(odd, (body) => acceptedOrRefused(body)),
      { numRuns: 100 },
    );
  });

  it('refuses any JSON value that is not an order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, fc.jsonValue()), (body) => acceptedOrRefused(body)),
      runs,
    );
  });

  it('refuses malformed JSON 400 as a problem', async () => {
    const valid = JSON.stringify({ customerId: 'c', items: [{ sku: 'MUG', quantity: 1 }] });
    const malformed = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.integer({ min: 0, max: valid.length - 1 }).map((end) => valid.slice(0, end)),
      fc
        .tuple(fc.integer({ min: 0, max: valid.length }), fc.constantFrom('{', '}', ',', '"', '\\', ':', ']'))
        .map(([at, junk]) => valid.slice(0, at) + junk + valid.slice(at)),
      fc.constantFrom(
        '',
        'NaN',
        'undefined',
        "{'customerId':'c'}",
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        `\ufeff${valid}`,
        `${valid.slice(0, -1)},}`,
        `${valid}${valid}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(malformed, async (text) => {
        // Like the server's parser, which (as RFC 8259 permits) skips a leading byte-order mark.
        const parsed = attempt(() => JSON.parse(text.replace(/^\ufeff/, '')) as unknown);
        if (parsed.ok && isValidOrder(parsed.value)) {
          expect((await post(text)).status).toBe(202);
          return;
        }
        const problem = await refusedWithoutWrites(text);
        expect(problem.status).toBe(400);
        if (!parsed.ok) expect(problem.title).toBe('Malformed JSON');
      }),
      runs,
    );
  });

  it('refuses bodies that are not JSON by their content type, 400 or 415', async () => {
    const contentType = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/json-patch+json',
      'image/png',
      'nonsense',
    );
    await fc.assert(
      fc.asyncProperty(contentType, fc.string({ maxLength: 80 }), async (type, text) => {
        const problem = await refusedWithoutWrites(text, { 'content-type': type });
        expect([400, 415]).toContain(problem.status);
      }),
      { numRuns: 40 },
    );
  });

  it('accepts whole quantities 1..10000 however written, refuses every other number naming it', async () => {
    await fc.assert(
      fc.asyncProperty(quantityText, async (quantity) => {
        const text = `{"customerId":"c","items":[{"sku":"MUG","quantity":${quantity}}]}`;
        const value = JSON.parse(quantity) as number;
        if (Number.isInteger(value) && value >= 1 && value <= 10_000) {
          const answer = await post(text);
          expect(answer.status, answer.text).toBe(202);
          await expectStoredAsSent(answer.text, {
            customerId: 'c',
            items: [{ sku: 'MUG', quantity: value }],
          });
          return;
        }
        const problem = await refusedWithoutWrites(text);
        expect(problem.status).toBe(400);
        expectNamesField(problem, 'body.items.0.quantity');
      }),
      { numRuns: 100 },
    );
  });

  it('refuses no lines and more than 100 lines, naming items', async () => {
    const lineCount = fc.oneof(fc.constant(0), fc.integer({ min: 101, max: 1500 }));
    await fc.assert(
      fc.asyncProperty(lineCount, async (count) => {
        const items = Array.from({ length: count }, (_, i) => ({ sku: `S${i}`, quantity: 1 }));
        const problem = await refusedWithoutWrites(JSON.stringify({ customerId: 'c', items }));
        expect(problem.status).toBe(400);
        expectNamesField(problem, 'body.items');
      }),
      { numRuns: 20 },
    );
  });

  it('answers a body full of invalid lines with a bounded problem', async () => {
    const items = Array.from({ length: 20_000 }, () => ({}));
    const problem = await refusedWithoutWrites(JSON.stringify({ customerId: 'c', items }));
    expect(problem.status).toBe(400);
    expectNamesField(problem, 'body.items');
  });

  it('refuses an Idempotency-Key that is not 1-200 visible ASCII characters, naming the header', async () => {
    const latin1 = fc.string({
      unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
      maxLength: 300,
    });
    const body = JSON.stringify({ customerId: 'c', items: [{ sku: 'MUG', quantity: 1 }] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(latin1, fc.stringMatching(/^[\x21-\x7e]{190,210}$/)), async (key) => {
        if (/^[\x21-\x7e]{1,200}$/.test(key)) {
          expect((await post(body, { 'idempotency-key': key })).status).toBe(202);
          return;
        }
        const problem = await refusedWithoutWrites(body, { 'idempotency-key': key });
        expect(problem.status).toBe(400);
        expectNamesField(problem, 'headers.idempotency-key');
      }),
      runs,
    );
  });
});
