import { existsSync } from 'node:fs';
import { join } from 'node:path';
import httpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import { type HttpServer, ProblemError, undocumented } from '@sagaflow/service-kit';
import fp from 'fastify-plugin';
import { type ConsoleSettings, consoleConfigOf, consolePeers, peerApiPrefix } from './settings.js';

export interface ConsoleOptions {
  settings: ConsoleSettings;
  /** The built console (index.html and assets/); when absent, /console answers 503 saying how to build it. */
  assetsDir: string;
}

const publicAccess = { access: 'public' } as const;
const peerTimeoutMs = 10_000;

/**
 * Whatever the console is served, its data is not: the pages are public and every
 * call they make carries the operator's token, checked by the route it reaches.
 * The page may talk only to this origin, and may not be framed.
 */
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The operator console: the built web app at /console/, its configuration, and
 * the peers' APIs forwarded under /console/api/<service>/ so the page has one
 * origin. A forwarded call needs an operator here, and is checked again there.
 */
export const consolePlugin = fp(
  async (app: HttpServer, { settings, assetsDir }: ConsoleOptions) => {
    const built = existsSync(join(assetsDir, 'index.html'));
    await app.register(fastifyStatic, { root: assetsDir, serve: false });
    const config = consoleConfigOf(settings);

    app.get('/console', { config: publicAccess, schema: undocumented }, async (_request, reply) =>
      reply.redirect('/console/'),
    );
    app.get('/console/config.json', { config: publicAccess, schema: undocumented }, async (_request, reply) =>
      reply.headers(securityHeaders).header('cache-control', 'no-store').send(config),
    );
    app.get<{ Params: { '*': string } }>(
      '/console/*',
      { config: publicAccess, schema: undocumented },
      async (request, reply) => {
        if (!built)
          throw new ProblemError(
            503,
            'Console not built',
            `no console at ${assetsDir}: run pnpm build (it builds the console with vite)`,
          );
        const file = request.params['*'] === '' ? 'index.html' : request.params['*'];
        reply.headers(securityHeaders);
        // Vite names each asset by its content hash: a new build is a new name.
        return file.startsWith('assets/')
          ? reply.sendFile(file, { maxAge: '365d', immutable: true })
          : reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false });
      },
    );

    for (const peer of consolePeers) {
      const upstream = settings.upstreams[peer];
      if (upstream === undefined) continue;
      await app.register(async (scope) => {
        // Forwarded routes are the peer's own, documented by the peer's /docs.
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, ...undocumented };
        });
        await scope.register(httpProxy, {
          upstream: upstream.origin,
          prefix: peerApiPrefix(peer),
          config: { access: ['operator'] },
          replyOptions: {
            // A hung peer (paused, overloaded) is a 504 the page shows, not a request held open.
            timeout: peerTimeoutMs,
            onError: (reply, { error }) => {
              const timedOut = (error as { statusCode?: number }).statusCode === 504;
              reply.send(
                new ProblemError(
                  timedOut ? 504 : 502,
                  timedOut ? 'Gateway timeout' : 'Bad gateway',
                  `the ${peer} service at ${upstream.origin} did not answer${timedOut ? ` within ${peerTimeoutMs} ms` : ''}: ${error.message}`,
                ),
              );
            },
          },
        });
      });
    }
  },
  { name: 'console', fastify: '5.x' },
);
