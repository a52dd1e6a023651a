import { fastifyRateLimit } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from './problem.js';

export interface RateLimitOptions {
  /** Requests one client address may make per window; 0 turns rate limiting off. */
  max: number;
  windowMs: number;
}

/**
 * Probes are never limited: an orchestrator polling them must not take a busy
 * service out. Nor is the metrics scrape, which shares its address with the load.
 */
const exempt = new Set(['/health', '/ready', '/metrics']);

/**
 * Per-client-address limit on every request, checked on arrival, before the body
 * is read, so a flood costs the service no parsing. An exceeded limit is a 429
 * problem that states the limit; Retry-After says when to come back.
 *
 * The plugin's own `global` mode attaches to routes as they are declared, which
 * misses any route declared before the plugin has loaded; one root hook, added
 * now, covers every route and the not-found handler whenever they are declared.
 */
export function useRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.max <= 0) return;
  let limit: ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | undefined;
  app
    .register(fastifyRateLimit, {
      global: false,
      max: options.max,
      timeWindow: options.windowMs,
      allowList: (request) => exempt.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: (request, context) => {
        request.log.info({ ip: request.ip, max: context.max }, 'request refused: rate limit');
        return new ProblemError(
          429,
          'Too many requests',
          `Rate limit exceeded: at most ${context.max} requests per ${options.windowMs} ms from one client address; retry in ${context.after}`,
        );
      },
    })
    .after(() => {
      const handler = app.rateLimit();
      limit = async (request, reply) => {
        await handler.call(app, request, reply);
      };
    });
  app.addHook('onRequest', async (request, reply) => {
    await limit?.(request, reply);
  });
}
