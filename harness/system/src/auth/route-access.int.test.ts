import { inventoryEnvSchema, inventoryService } from '@sagaflow/inventory';
import { orderEnvSchema, orderService } from '@sagaflow/order';
import { paymentEnvSchema, paymentService } from '@sagaflow/payment';
import {
  type HttpServer,
  isPublicPath,
  loadEnv,
  type Role,
  type RouteAccess,
  startService,
} from '@sagaflow/service-kit';
import { bearer } from '@sagaflow/testkit';
import { testAuth, testEnvironment } from '@sagaflow/testkit/vitest';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '../launcher/types.js';
import { accessTable, declaredPublic, expectedRoles } from './access-table.js';

/** The customer whose token the suite calls as; bob is the other customer. */
const customer = 'alice';
const bothRoles = ['customer', 'operator'];

/**
 * Every way of calling: the two roles, a token with neither, no token, and tokens
 * that are wrong in one way each. A wrong token claims both roles, so nothing but
 * its flaw can explain a refusal.
 */
const credentials = {
  operator: { token: () => testAuth.operator('ops') },
  customer: { token: () => testAuth.customer(customer) },
  noRole: { token: () => testAuth.mint({ subject: 'nobody', roles: [] }) },
  none: { token: undefined },
  expired: { token: () => testAuth.mint({ subject: 'ops', roles: bothRoles, expiresInSeconds: -3600 }) },
  wrongAudience: {
    token: () => testAuth.mint({ subject: 'ops', roles: bothRoles, audience: 'someone-else' }),
  },
  wrongIssuer: {
    token: () => testAuth.mint({ subject: 'ops', roles: bothRoles, issuer: 'https://elsewhere' }),
  },
  wrongSignature: {
    token: () =>
      testAuth.mint({ subject: 'ops', roles: bothRoles, secret: 'another-secret-of-32-bytes-or-more' }),
  },
  algNone: { token: async () => testAuth.unsigned({ subject: 'ops', roles: bothRoles }) },
} satisfies Record<string, { token: (() => Promise<string>) | undefined }>;
type Credential = keyof typeof credentials;
const credentialNames = Object.keys(credentials) as Credential[];
const roleOf: Partial<Record<Credential, Role>> = { operator: 'operator', customer: 'customer' };

const apps = {} as Record<ServiceName, HttpServer>;
const stops: (() => Promise<void>)[] = [];
const tokens = {} as Record<Credential, string | undefined>;

beforeAll(async () => {
  const options = { logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }) };
  const envOf = async (name: ServiceName) =>
    (await testEnvironment(`access_${name}`, { RATE_LIMIT_MAX: '0' })).env;
  const running = {
    order: await startService(orderService, loadEnv(orderEnvSchema, await envOf('order')), options),
    inventory: await startService(
      inventoryService,
      loadEnv(inventoryEnvSchema, await envOf('inventory')),
      options,
    ),
    payment: await startService(paymentService, loadEnv(paymentEnvSchema, await envOf('payment')), options),
  };
  for (const [name, service] of Object.entries(running) as [ServiceName, (typeof running)[ServiceName]][]) {
    apps[name] = service.app;
    stops.push(() => service.stop());
  }
  for (const name of credentialNames) tokens[name] = await credentials[name].token?.();
});
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

function routesOf(service: ServiceName): readonly RouteAccess[] {
  return apps[service].routeAccess;
}

const segment = {
  id: fc.uuid({ version: 7 }),
  orderId: fc.uuid({ version: 7 }),
  sku: fc.constantFrom('widget', 'no-such-sku'),
  customerId: fc.constantFrom(customer, 'bob'),
} as Record<string, fc.Arbitrary<string>>;

/** The route's URL with each parameter filled in; a wildcard gets a file name. */
function pathOf(url: string): fc.Arbitrary<string> {
  const parts = url.split('/').map((part) => {
    if (part === '*') return fc.constant('index.html');
    if (!part.startsWith(':')) return fc.constant(part);
    return segment[part.slice(1)] ?? fc.stringMatching(/^[a-z0-9-]{1,20}$/);
  });
  return fc.tuple(...parts).map((filled) => filled.join('/'));
}

/** Bodies the routes take, mixed with any JSON at all. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record(
    { customerId: fc.constantFrom(customer, 'bob'), items: fc.constant([{ sku: 'widget', quantity: 1 }]) },
    { requiredKeys: ['items'] },
  ),
  fc.constant({ reason: 'suite' }),
  fc.constant({ name: 'Widget', priceCents: 100, onHand: 5 }),
  fc.record({
    amountCents: fc.integer({ min: 1, max: 5000 }),
    reference: fc.stringMatching(/^[a-z0-9]{1,20}$/),
  }),
);

async function call(
  service: ServiceName,
  method: string,
  path: string,
  credential: Credential,
  payload: unknown,
) {
  const token = tokens[credential];
  const withBody = method === 'POST' || method === 'PUT';
  return apps[service].inject({
    method: method as 'GET',
    url: path,
    headers: {
      ...(token === undefined ? {} : bearer(token)),
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(withBody ? { payload: JSON.stringify(payload) ?? 'null' } : {}),
  });
}

/** A customer's order for someone else is the one refusal an allowed caller may meet, and only there. */
function namesAnotherCustomer(route: RouteAccess, credential: Credential, payload: unknown): boolean {
  const named = (payload as { customerId?: unknown } | null)?.customerId;
  return (
    route.method === 'POST' &&
    route.url === '/orders' &&
    credential === 'customer' &&
    typeof named === 'string' &&
    named !== customer
  );
}

describe('the access table', () => {
  it.each(['order', 'inventory', 'payment'] as const)(
    '%s registers exactly the guarded routes of the table, with their roles',
    (service) => {
      const guarded = routesOf(service).filter((route) => route.access !== 'public');
      for (const route of guarded) {
        expect(
          expectedRoles(service, route.method, route.url),
          `${route.method} ${route.url} is not in the table`,
        ).toEqual(route.access);
      }
      const registered = new Set(guarded.map((route) => `${route.method} ${route.url}`));
      for (const listed of Object.keys(accessTable[service])) expect(registered).toContain(listed);
    },
  );

  it.each(['order', 'inventory', 'payment'] as const)(
    '%s serves to anyone only the kit’s public paths and the routes declared public here',
    (service) => {
      const open = routesOf(service).filter((route) => route.access === 'public' && !isPublicPath(route.url));
      const named = open.map((route) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`);
      expect([...new Set(named)].sort()).toEqual([...declaredPublic[service]].sort());
    },
  );
});

describe.each(['order', 'inventory', 'payment'] as const)('every route of %s', (service) => {
  it.each(credentialNames)('answers a caller with %s as the table says', async (credential) => {
    const routes = routesOf(service);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(pathOf(route.url), body, async (path, payload) => {
          const response = await call(service, route.method, path, credential, payload);
          const context = `${credential}: ${route.method} ${path} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          const challenge = String(response.headers['www-authenticate'] ?? '');
          expect(response.statusCode, context).toBeLessThan(500);
          if (route.access === 'public') {
            expect([401, 403], context).not.toContain(response.statusCode);
            return;
          }
          const role = roleOf[credential];
          const refusedAs = role === undefined ? (credential === 'noRole' ? 403 : 401) : undefined;
          if (refusedAs !== undefined || (role !== undefined && !route.access.includes(role))) {
            const status = refusedAs ?? 403;
            expect(response.statusCode, context).toBe(status);
            if (route.method !== 'HEAD') expect(response.json(), context).toMatchObject({ status });
            if (route.method !== 'HEAD')
              expect(response.headers['content-type'], context).toContain('application/problem+json');
            expect(challenge, context).toMatch(/^Bearer realm="sagaflow"/);
            if (status === 403) expect(challenge, context).toContain('error="insufficient_scope"');
            else if (credential === 'none') expect(challenge, context).not.toContain('error=');
            else expect(challenge, context).toContain('error="invalid_token"');
            return;
          }
          expect(response.statusCode, context).not.toBe(401);
          if (!namesAnotherCustomer(route, credential, payload))
            expect(response.statusCode, context).not.toBe(403);
        }),
        { numRuns: 3 },
      );
    }
  });
});

describe('a customer and the orders of others', () => {
  it('places for itself, reads its own, and meets 404 for another customer’s order', async () => {
    const place = async (as: string, payload: unknown) =>
      apps.order.inject({
        method: 'POST',
        url: '/orders',
        headers: bearer(await testAuth.customer(as)),
        payload: payload as Record<string, unknown>,
      });
    const items = [{ sku: 'widget', quantity: 1 }];
    const alices = await place(customer, { customerId: customer, items });
    expect(alices.statusCode).toBe(202);
    const bobs = await place('bob', { items });
    expect(bobs.statusCode).toBe(202);
    const bobsId = (bobs.json() as { id: string }).id;
    const forBob = await place(customer, { customerId: 'bob', items });
    expect(forBob.statusCode).toBe(403);
    expect(forBob.json()).toMatchObject({ status: 403, errors: [{ field: 'body.customerId' }] });
    const read = async (as: string | 'operator', id: string) =>
      apps.order.inject({
        url: `/orders/${id}`,
        headers: bearer(as === 'operator' ? await testAuth.operator() : await testAuth.customer(as)),
      });
    expect((await read('bob', bobsId)).json()).toMatchObject({ order: { id: bobsId, customerId: 'bob' } });
    expect((await read('operator', bobsId)).statusCode).toBe(200);
    const unknownToAlice = await read(customer, bobsId);
    expect(unknownToAlice.statusCode).toBe(404);
    expect(unknownToAlice.json().detail).toBe(`No order has id ${bobsId}`);
    const list = await apps.order.inject({
      url: '/orders',
      headers: bearer(await testAuth.customer(customer)),
    });
    const listed = (list.json() as { items: { id: string; customerId: string }[] }).items;
    expect(listed.map((item) => item.id)).toContain((alices.json() as { id: string }).id);
    expect(listed.every((item) => item.customerId === customer)).toBe(true);
    const all = await apps.order.inject({ url: '/orders', headers: bearer(await testAuth.operator()) });
    expect((all.json() as { items: { id: string }[] }).items.map((item) => item.id)).toContain(bobsId);
  });
});
