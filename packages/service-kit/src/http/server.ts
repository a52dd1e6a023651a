import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Tracer } from '@opentelemetry/api';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import { useHttpTracing } from '../observability/http-tracing.js';
import { clientErrorProblem } from './client-error.js';
import { frameworkProblem, problemDetails } from './problem.js';
import { type RateLimitOptions, useRateLimit } from './rate-limit.js';
import { useStrictValidation } from './validation.js';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface HttpServerOptions {
  logger: Logger;
  /** Largest request body accepted, in bytes; a larger one is a 413. */
  bodyLimit?: number;
  /** Per-client-address request limit; a request over it is a 429. Off when absent or `max` is 0. */
  rateLimit?: RateLimitOptions;
  /** A span per request (honouring an incoming traceparent) when given. */
  tracer?: Tracer;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  // pino's Logger is a FastifyBaseLogger; naming the base type keeps route types plain.
  const logger = options.logger.child({ component: 'http' }) as FastifyBaseLogger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // One debug line per request (below) instead of fastify's two info lines.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Refusals by the router and by Node's HTTP parser answer problem+json too.
    frameworkErrors: frameworkProblem,
    clientErrorHandler: clientErrorProblem(logger),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // First of the hooks: a request refused by any later one is traced too.
  if (options.tracer !== undefined) useHttpTracing(app, options.tracer);
  useStrictValidation(app);
  app.register(problemDetails);
  if (options.rateLimit !== undefined) useRateLimit(app, options.rateLimit);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request served',
    );
  });
  return app;
}
