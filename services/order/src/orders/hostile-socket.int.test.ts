import { request as httpRequest } from 'node:http';
import { bearer } from '@sagaflow/testkit';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileString, percentEncoded, validOrder } from '../testing/hostile-arbitraries.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { type Answer, answerOfFetch, answerOfInject, expectRefusal } from '../testing/problems.js';
import { footprint, installWriteLog } from '../testing/write-log.js';

let fixture: OrderFixture;
const tenMegabytes = 10 * 1024 * 1024;

beforeAll(async () => {
  // Sagas must not move on their own while footprints are compared: no deadline fires.
  fixture = await startOrderFixture('order_socket', { STOCK_TIMEOUT_MS: '86400000', RATE_LIMIT_MAX: '0' });
  await installWriteLog(fixture.service.pool);
});
afterAll(() => fixture?.close());

const asOperator = async () => bearer(await fixture.auth.operator());

/** POSTs over a real connection, by Node's own client: a body it streams without a length, if asked. */
async function postRaw(body: Buffer, options: { chunked: boolean }): Promise<Answer> {
  const authorization = bearer(await fixture.auth.customer('c'));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${fixture.service.url}/orders`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...authorization,
          ...(options.chunked ? {} : { 'content-length': body.length }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], text }),
        );
      },
    );
    // The server answers and stops reading mid-body; a write that then fails is expected.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (let offset = 0; offset < body.length; offset += 64 * 1024)
      request.write(body.subarray(offset, offset + 64 * 1024));
    request.end();
  });
}

describe('oversized bodies over a real socket', () => {
  const tenMegabyteOrder = Buffer.from(
    JSON.stringify({ customerId: 'c', items: [{ sku: 'x'.repeat(tenMegabytes), quantity: 1 }] }),
  );
  const tenThousandLines = Buffer.from(
    JSON.stringify({
      customerId: 'c',
      items: Array.from({ length: 10_000 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })),
    }),
  );

  it.each([
    ['a 10 MB order with its length', tenMegabyteOrder, false],
    ['a 10 MB order streamed without a length', tenMegabyteOrder, true],
    ['10 MB of garbage', Buffer.alloc(tenMegabytes, '{'), false],
    ['10,000 lines', tenThousandLines, false],
  ])('answers %s 413 naming the limit, writing nothing', async (_, body, chunked) => {
    const before = await footprint(fixture.service.pool);
    const problem = expectRefusal(await postRaw(body, { chunked }), [413]);
    expect(problem.detail).toBe('Request body is larger than the limit of 65536 bytes');
    expect(await footprint(fixture.service.pool)).toEqual(before);
  });

  it('still serves on the same port afterwards', async () => {
    expect((await fetch(`${fixture.service.url}/health`)).status).toBe(200);
  });
});

describe('one Idempotency-Key sent in parallel', () => {
  const body = { customerId: 'cust-p', items: [{ sku: 'MUG', quantity: 2 }] };

  /** How each table's footprint grows while `send` runs. */
  async function growth(send: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = await footprint(fixture.service.pool);
    await send();
    const after = await footprint(fixture.service.pool);
    return Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)]));
  }

  it('20 identical requests: all 202 with one id, written as one order is', async () => {
    const oneOrder = await growth(() => fixture.post('/orders', body, { 'idempotency-key': uuidv7() }));
    expect(oneOrder['orders.rows']).toBe(1);
    const key = `parallel-${uuidv7()}`;
    let answers: Answer[] = [];
    const parallel = await growth(async () => {
      answers = await Promise.all(
        Array.from({ length: 20 }, async () =>
          answerOfFetch(await fixture.post('/orders', body, { 'idempotency-key': key })),
        ),
      );
    });
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(202));
    expect(new Set(answers.map((answer) => (JSON.parse(answer.text) as { id: string }).id)).size).toBe(1);
    expect(parallel).toEqual(oneOrder);
  });

  it('requests with different bodies in parallel: one order; its body 202, every other body 422', async () => {
    const race = fc.record({
      key: fc.stringMatching(/^[\x21-\x7e]{1,60}$/),
      bodies: fc.uniqueArray(validOrder, {
        minLength: 1,
        maxLength: 3,
        selector: (order) => JSON.stringify(order),
      }),
      senders: fc.array(fc.nat(2), { minLength: 2, maxLength: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(race, async ({ key, bodies, senders }) => {
        const uniqueKey = `${uuidv7()}:${key}`.slice(0, 200);
        const sent = senders.map((pick) => bodies[pick % bodies.length] as (typeof bodies)[number]);
        const answers = await Promise.all(
          sent.map(async (body) =>
            answerOfFetch(await fixture.post('/orders', body, { 'idempotency-key': uniqueKey })),
          ),
        );
        const { rows } = await fixture.service.pool.query(
          'SELECT id, customer_id, items FROM orders WHERE idempotency_key = $1',
          [uniqueKey],
        );
        expect(rows).toHaveLength(1);
        const stored = { customerId: rows[0].customer_id, items: rows[0].items };
        answers.forEach((answer, index) => {
          if (JSON.stringify(sent[index]) === JSON.stringify(stored)) {
            expect(answer.status, answer.text).toBe(202);
            expect((JSON.parse(answer.text) as { id: string }).id).toBe(rows[0].id);
          } else {
            expect(expectRefusal(answer, [422]).errors?.[0]?.field).toBe('headers.idempotency-key');
          }
        });
      }),
      { numRuns: 15 },
    );
  });
});

describe('GET /orders/:id with garbage ids', () => {
  const garbageId = fc.oneof(
    hostileString,
    fc.uuid().map((id) => `${id}x`),
    fc.uuid().map((id) => id.replaceAll('-', '')),
    fc.string({ minLength: 101, maxLength: 2000 }),
    fc.stringMatching(/^[0-9a-fA-F-]{36}$/),
  );

  it('answers 400, 404 or 414 as a problem, for ids sent encoded', async () => {
    await fc.assert(
      fc.asyncProperty(garbageId, async (id) => {
        fc.pre(id.length > 0);
        const before = await footprint(fixture.service.pool);
        const answer = answerOfInject(
          await fixture.service.app.inject({
            url: `/orders/${percentEncoded(id)}`,
            headers: await asOperator(),
          }),
        );
        const problem = expectRefusal(answer, [400, 404, 414]);
        if (problem.status === 400) expect(problem.errors?.[0]?.field).toBe('params.id');
        expect(await footprint(fixture.service.pool)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('answers raw, unencoded paths as a problem over a real socket', async () => {
    const raw = fc.oneof(
      fc.constantFrom(
        '%',
        '%zz',
        '%c3%28',
        '%ff%fe',
        '..%2f..%2fetc%2fpasswd',
        "1'%20OR%20'1'='1",
        '%00',
        '',
      ),
      fc.string({
        unit: fc.constantFrom(...'%0123456789abcdefXYZ/-.'.split('')),
        maxLength: 40,
      }),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (path) => {
        const answer = await answerOfFetch(
          await fetch(`${fixture.service.url}/orders/${path}`, { headers: await asOperator() }),
        );
        // An empty or slash-ended id names the list route: that is a page of orders.
        if (answer.status === 200) return;
        expectRefusal(answer, [400, 404, 414]);
      }),
      { numRuns: 60 },
    );
  });

  it('answers an id that is a well-formed uuid of no order 404', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), async (id) => {
        const answer = answerOfInject(
          await fixture.service.app.inject({ url: `/orders/${id}`, headers: await asOperator() }),
        );
        expect(expectRefusal(answer, [404]).detail).toContain(id);
      }),
      { numRuns: 30 },
    );
  });
});

describe('GET /orders with garbage queries', () => {
  it('answers a page or a 400 problem, never a 5xx', async () => {
    const query = fc.record(
      {
        status: fc.oneof(hostileString, fc.constantFrom('reservingStock', 'completed')),
        limit: fc.oneof(hostileString, fc.integer().map(String), fc.constantFrom('1', '200', '201', '1e2')),
        cursor: fc.oneof(hostileString, fc.uuid(), fc.stringMatching(/^[0-9a-fA-F-]{36}$/)),
        extra: hostileString,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const answer = answerOfInject(
          await fixture.service.app.inject({
            url: `/orders?${new URLSearchParams(params).toString()}`,
            headers: await asOperator(),
          }),
        );
        if (answer.status === 200) return;
        expectRefusal(answer, [400]);
      }),
      { numRuns: 100 },
    );
  });
});
