import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../http/health.js';
import { createHttpServer, type HttpServer } from '../http/server.js';
import { bearerTokenOf, isPublicPath } from './access.js';
import { authentication, principalOf } from './plugin.js';
import { tokenVerificationFrom } from './settings.js';
import { createTokenVerifier } from './verify.js';

const env = { AUTH_ISSUER: 'issuer', AUTH_AUDIENCE: 'audience', AUTH_JWT_SECRET: 'x'.repeat(40) };
const verify = createTokenVerifier(tokenVerificationFrom(env));
const apps: HttpServer[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function server(): Promise<HttpServer> {
  const app = createHttpServer({ logger: pino({ level: 'silent' }) });
  await app.register(authentication, { verify });
  apps.push(app);
  return app;
}

async function guardedServer(): Promise<HttpServer> {
  const app = await server();
  app.register(healthRoutes, { checks: {} });
  app.get('/things', { config: { access: ['operator'] } }, async (request) => ({
    who: principalOf(request).subject,
  }));
  app.get('/mine', { config: { access: ['customer', 'operator'] } }, async (request) => principalOf(request));
  await app.ready();
  return app;
}

function tokenOf(roles: string[], subject = 'ann'): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(env.AUTH_ISSUER)
    .setAudience(env.AUTH_AUDIENCE)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(env.AUTH_JWT_SECRET));
}

describe('the authentication plugin', () => {
  it('refuses to register a route that declares no access, unless its path is public', async () => {
    const app = await server();
    expect(() => app.get('/open', async () => 'anyone?')).toThrow(/GET \/open declares no access/);
    await app.register(async (scoped) => {
      expect(() => scoped.post('/scoped', async () => 'anyone?')).toThrow(/POST \/scoped declares no access/);
    });
    const probes = await server();
    probes.register(healthRoutes, { checks: {} });
    probes.get('/metrics', async () => '');
    await probes.ready();
    expect((await probes.inject('/health')).statusCode).toBe(200);
    expect((await probes.inject('/metrics')).statusCode).toBe(200);
  });

  it('answers no token 401 problem+json with a bare Bearer challenge', async () => {
    const app = await guardedServer();
    for (const headers of [{}, { authorization: 'Basic YW5uOnB3' }]) {
      const response = await app.inject({ url: '/things', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="sagaflow"');
      expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('answers a refused token 401 with error="invalid_token" and why', async () => {
    const app = await guardedServer();
    for (const authorization of ['Bearer not-a-jwt', 'Bearer', 'Bearer a b']) {
      const response = await app.inject({ url: '/things', headers: { authorization } });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(
        /^Bearer realm="sagaflow", error="invalid_token", error_description="[^"]+"$/,
      );
    }
  });

  it('answers a token without one of the route’s roles 403 with error="insufficient_scope"', async () => {
    const app = await guardedServer();
    const response = await app.inject({
      url: '/things',
      headers: { authorization: `Bearer ${await tokenOf(['customer'])}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="sagaflow", error="insufficient_scope", error_description="this route needs the role operator"',
    );
    const none = await app.inject({
      url: '/mine',
      headers: { authorization: `Bearer ${await tokenOf([])}` },
    });
    expect(none.statusCode).toBe(403);
  });

  it('hands the route its caller, and guards the HEAD route fastify adds to a GET', async () => {
    const app = await guardedServer();
    const operator = { authorization: `Bearer ${await tokenOf(['operator'], 'ops-1')}` };
    expect((await app.inject({ url: '/things', headers: operator })).json()).toEqual({ who: 'ops-1' });
    const customer = { authorization: `bearer ${await tokenOf(['customer'], 'alice')}` };
    expect((await app.inject({ url: '/mine', headers: customer })).json()).toEqual({
      subject: 'alice',
      roles: ['customer'],
    });
    expect(app.routeAccess).toEqual(
      expect.arrayContaining([
        { method: 'GET', url: '/health', access: 'public' },
        { method: 'GET', url: '/things', access: ['operator'] },
        { method: 'HEAD', url: '/things', access: ['operator'] },
        { method: 'GET', url: '/mine', access: ['customer', 'operator'] },
      ]),
    );
    expect((await app.inject({ method: 'HEAD', url: '/things' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'HEAD', url: '/things', headers: operator })).statusCode).toBe(200);
  });

  it('adds the 401 and 403 answers and the bearer requirement to a guarded route’s schema', async () => {
    const app = await server();
    const schemas: unknown[] = [];
    app.addHook('onRoute', (route) => {
      if (route.method === 'GET') schemas.push(route.schema);
    });
    app.get(
      '/things',
      { config: { access: ['operator'] }, schema: { response: { 200: { type: 'object' } } } },
      async () => ({}),
    );
    await app.ready();
    expect(schemas[0]).toMatchObject({
      security: [{ bearerAuth: [] }],
      response: {
        200: { type: 'object' },
        401: { content: { 'application/problem+json': { schema: { $id: 'Problem' } } } },
        403: { content: { 'application/problem+json': { schema: { $id: 'Problem' } } } },
      },
    });
  });
});

describe('bearerTokenOf and isPublicPath', () => {
  it('reads the token of a Bearer header, whatever the scheme’s case', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toEqual({ token: 'abc.def.ghi' });
    expect(bearerTokenOf('bearer abc')).toEqual({ token: 'abc' });
    expect(bearerTokenOf(undefined)).toEqual({ problem: 'missing' });
    expect(bearerTokenOf('Basic abc')).toEqual({ problem: 'missing' });
    expect(bearerTokenOf('Bearer')).toEqual({ problem: 'malformed' });
    expect(bearerTokenOf('Bearer a"b')).toEqual({ problem: 'malformed' });
  });

  it('opens the probes, metrics and the API document only', () => {
    for (const path of ['/health', '/ready', '/metrics', '/docs', '/docs/json', '/docs/static/index.html'])
      expect(isPublicPath(path)).toBe(true);
    for (const path of ['/healthz', '/documents', '/orders', '/admin/sagas/parked', '/'])
      expect(isPublicPath(path)).toBe(false);
  });
});
