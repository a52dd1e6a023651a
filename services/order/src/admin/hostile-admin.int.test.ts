import { bearer } from '@sagaflow/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anyJson,
  hostileString,
  oddUnicode,
  percentEncoded,
  sqlLooking,
} from '../testing/hostile-arbitraries.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { answerOfInject, expectNamesField, expectRefusal } from '../testing/problems.js';
import { footprint, installWriteLog } from '../testing/write-log.js';

let fixture: OrderFixture;
const actions = ['retry', 'compensate', 'resolve'] as const;
const fine = { reason: 'ticket 42' };

beforeAll(async () => {
  // Sagas must not move on their own while footprints are compared: no deadline fires.
  const never = '86400000';
  fixture = await startOrderFixture('order_hostile_admin', {
    STOCK_TIMEOUT_MS: never,
    PAYMENT_TIMEOUT_MS: never,
    COMPENSATION_STEP_TIMEOUT_MS: never,
    RATE_LIMIT_MAX: '0',
  });
  await installWriteLog(fixture.service.pool);
});
afterAll(() => fixture?.close());

async function act(id: string, action: string, payload: string, operator = 'ann') {
  return answerOfInject(
    await fixture.service.app.inject({
      method: 'POST',
      url: `/admin/orders/${id}/${action}`,
      headers: { 'content-type': 'application/json', ...bearer(await fixture.auth.operator(operator)) },
      payload,
    }),
  );
}

async function placeOrder(): Promise<string> {
  const response = await fixture.service.app.inject({
    method: 'POST',
    url: '/orders',
    headers: bearer(await fixture.auth.customer('c')),
    payload: { customerId: 'c', items: [{ sku: 'MUG', quantity: 1 }] },
  });
  expect(response.statusCode).toBe(202);
  return (response.json() as { id: string }).id;
}

async function refusedWithoutWrites(
  id: string,
  action: string,
  payload: string,
  statuses: number[],
  operator?: string,
) {
  const before = await footprint(fixture.service.pool);
  const problem = expectRefusal(await act(id, action, payload, operator), statuses);
  expect(await footprint(fixture.service.pool)).toEqual(before);
  return problem;
}

const action = fc.constantFrom(...actions);

/** What the audit trail takes: 1..max code points; no NUL, lone surrogate or control character, but for tabs and line breaks in a reason. */
function auditable(text: string, max: number, multiline: boolean): boolean {
  const codes = [...text].map((char) => char.codePointAt(0) ?? 0);
  const tabOrLineBreak = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d;
  const forbidden = (code: number) =>
    (code < 0x20 && !(multiline && tabOrLineBreak(code))) ||
    code === 0x7f ||
    (code >= 0xd800 && code <= 0xdfff);
  return codes.length >= 1 && codes.length <= max && !codes.some(forbidden);
}

describe('admin endpoints with garbage', () => {
  it('refuses an id that is not a uuid, whatever the action and body, writing nothing', async () => {
    const garbageId = hostileString.filter((id) => id.length > 0);
    const anyAction = fc.oneof(action, fc.stringMatching(/^[a-z%]{1,12}$/));
    const anyBody = fc.oneof(
      anyJson.map((body) => JSON.stringify(body) ?? ''),
      fc.constant(JSON.stringify(fine)),
    );
    await fc.assert(
      fc.asyncProperty(garbageId, anyAction, anyBody, async (id, verb, body) => {
        await refusedWithoutWrites(percentEncoded(id), verb, body, [400, 404, 414]);
      }),
      { numRuns: 100 },
    );
  });

  it('answers a well-formed uuid of no order 404 naming it, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), action, async (id, verb) => {
        const problem = await refusedWithoutWrites(id, verb, JSON.stringify(fine), [404]);
        expect(problem.detail).toContain(id);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a malformed or wrongly typed body for a real order 400 naming the field, writing nothing', async () => {
    const id = await placeOrder();
    const field = fc.constantFrom('actor', 'reason', 'extra');
    const corrupted = fc.tuple(field, fc.oneof(anyJson, fc.constant(undefined))).map(([name, value]) => {
      const body: Record<string, unknown> = { ...fine, [name]: value };
      if (value === undefined) delete body[name];
      return { name, body };
    });
    await fc.assert(
      fc.asyncProperty(action, corrupted, async (verb, { name, body }) => {
        const valid = Object.keys(body).every((key) => key === 'reason') && typeof body.reason === 'string';
        fc.pre(!valid);
        const problem = await refusedWithoutWrites(id, verb, JSON.stringify(body), [400]);
        expectNamesField(problem, `body.${name}`);
      }),
      { numRuns: 100 },
    );
    const malformed = fc.constantFrom(
      '',
      '{',
      '{"reason":"a",}',
      'null',
      '[]',
      "{'reason':'a'}",
      '{"__proto__":{}}',
    );
    await fc.assert(
      fc.asyncProperty(action, malformed, async (verb, text) => {
        await refusedWithoutWrites(id, verb, text, [400]);
      }),
    );
  });

  it('records as actor any token subject and as reason any text the audit can hold byte-exact, or refuses them', async () => {
    const text = fc.oneof(
      hostileString,
      fc.constantFrom(...sqlLooking, ...oddUnicode),
      fc.string({ unit: 'binary', minLength: 90, maxLength: 1100 }),
      fc.string({ unit: 'grapheme', minLength: 90, maxLength: 1100 }),
      fc.constantFrom('line one\nline two', 'tab\there', 'crlf\r\n'),
    );
    await fc.assert(
      // Earlier operator actions move the saga on, so that the hostile one meets various states.
      fc.asyncProperty(
        fc.array(action, { maxLength: 2 }),
        action,
        text,
        text,
        async (earlier, verb, actor, reason) => {
          fc.pre(actor.length > 0);
          const id = await placeOrder();
          for (const step of earlier)
            expect([200, 409]).toContain((await act(id, step, JSON.stringify(fine))).status);
          const body = JSON.stringify({ reason });
          if (!auditable(reason, 1000, true)) {
            const problem = await refusedWithoutWrites(id, verb, body, [400]);
            expectNamesField(problem, 'body.reason');
            return;
          }
          if (!auditable(actor, 100, false)) {
            await refusedWithoutWrites(id, verb, body, [403], actor);
            return;
          }
          const answer = await act(id, verb, body, actor);
          if (answer.status !== 200) expectRefusal(answer, [409]);
          const { rows } = await fixture.service.pool.query(
            'SELECT actor, reason FROM order_status_transitions WHERE order_id = $1 ORDER BY seq DESC LIMIT 1',
            [id],
          );
          expect(rows[0]).toEqual({ actor: `operator:${actor}`, reason });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lists parked sagas whatever the query string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(hostileString, hostileString, { maxKeys: 3 }), async (query) => {
        const response = await fixture.service.app.inject({
          url: `/admin/sagas/parked?${new URLSearchParams(query).toString()}`,
          headers: bearer(await fixture.auth.operator()),
        });
        expect(response.statusCode).toBe(200);
      }),
      { numRuns: 30 },
    );
  });
});
