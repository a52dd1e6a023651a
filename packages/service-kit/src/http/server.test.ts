import { connect } from 'node:net';
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from './health.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from './server.js';

const servers: HttpServer[] = [];

async function serverWith(options: Omit<HttpServerOptions, 'logger'>): Promise<HttpServer> {
  const app = createHttpServer({ logger: pino({ level: 'silent' }), ...options });
  app.register(healthRoutes, { checks: {} });
  app.post(
    '/things/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 10 }) }),
        body: Type.Object({ count: Type.Integer() }, { additionalProperties: false }),
      },
    },
    async (request) => ({ id: request.params.id, count: request.body.count }),
  );
  servers.push(app);
  await app.ready();
  return app;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((app) => app.close()));
});

const post = (app: HttpServer, url = '/things/a') =>
  app.inject({ method: 'POST', url, payload: { count: 1 } });

describe('rate limit', () => {
  it('answers the request over the limit 429 problem+json with Retry-After and the limit', async () => {
    const app = await serverWith({ rateLimit: { max: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) expect((await post(app)).statusCode).toBe(200);
    const limited = await post(app);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({
      status: 429,
      title: 'Too many requests',
      detail: expect.stringContaining('at most 3 requests per 60000 ms'),
    });
  });

  it('counts per client address, and never limits /health and /ready', async () => {
    const app = await serverWith({ rateLimit: { max: 1, windowMs: 60_000 } });
    expect((await post(app)).statusCode).toBe(200);
    expect((await post(app)).statusCode).toBe(429);
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/things/a',
      payload: { count: 1 },
      remoteAddress: '10.0.0.7',
    });
    expect(elsewhere.statusCode).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      expect((await app.inject('/health')).statusCode).toBe(200);
      expect((await app.inject('/ready')).statusCode).toBe(200);
    }
  });

  it('lets the next window through', async () => {
    const app = await serverWith({ rateLimit: { max: 1, windowMs: 200 } });
    expect((await post(app)).statusCode).toBe(200);
    expect((await post(app)).statusCode).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await post(app)).statusCode).toBe(200);
  });

  it('is off with max 0 or without the option', async () => {
    for (const app of [await serverWith({ rateLimit: { max: 0, windowMs: 1000 } }), await serverWith({})]) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => post(app)));
      expect(statuses.every((response) => response.statusCode === 200)).toBe(true);
    }
  });
});

describe('refusals fastify makes before the error handler', () => {
  it('answers a too-large body 413 naming the limit', async () => {
    const app = await serverWith({ bodyLimit: 1024 });
    const response = await app.inject({
      method: 'POST',
      url: '/things/a',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ count: 1, pad: 'x'.repeat(2000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toBe('Request body is larger than the limit of 1024 bytes');
  });

  it('lists at most 20 field problems and clips echoed input, so a small request gets a small answer', async () => {
    const app = await serverWith({ bodyLimit: 1024 * 1024 });
    const manyKeys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const many = await app.inject({ method: 'POST', url: '/things/a', payload: { count: 1, ...manyKeys } });
    expect(many.statusCode).toBe(400);
    expect(many.json().errors).toHaveLength(20);
    expect(many.json().detail).toMatch(/; and 4980 more problems$/);
    const longKey = await app.inject({
      method: 'POST',
      url: '/things/a',
      payload: { ['k'.repeat(50_000)]: 1 },
    });
    expect(longKey.body.length).toBeLessThan(2000);
    expect(longKey.json().errors).toContainEqual({
      field: `body.${'k'.repeat(195)}… (50005 chars)`,
      message: 'is not allowed',
    });
    const longUrl = await app.inject(`/nowhere/${'x'.repeat(10_000)}`);
    expect(longUrl.statusCode).toBe(404);
    expect(longUrl.body.length).toBeLessThan(2000);
  });

  it.each([
    ['a malformed percent-escape', '/things/%zz', 400],
    ['a path parameter over the router limit', `/things/${'x'.repeat(200)}`, 414],
  ])('answers %s as problem+json', async (_, url, status) => {
    const app = await serverWith({});
    const response = await post(app, url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  });

  it.each([
    ['a control character in a header', 'GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n', 400],
    [
      'headers over the size limit',
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ['a garbage request line', 'HELLO THERE\r\n\r\n', 400],
  ])('answers %s, refused by the HTTP parser, as problem+json', async (_, raw, status) => {
    const app = await serverWith({});
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on a port');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1', () => socket.end(raw));
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  });
});
