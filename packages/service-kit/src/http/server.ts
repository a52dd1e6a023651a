import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import { problemDetails } from './problem.js';
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
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps route types plain.
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // One debug line per request (below) instead of fastify's two info lines.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  useStrictValidation(app);
  app.register(problemDetails);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request served',
    );
  });
  return app;
}
