import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';

/** Probes and scrapes make no spans: they would bury the traces that matter. */
const untraced = new Set(['/health', '/ready', '/metrics']);

/**
 * A SERVER span for each request, the child of the caller's `traceparent` when it
 * sends a valid one (else the root of a new trace), active while the route's handler
 * runs: what the handler enqueues carries the request's trace on.
 *
 * The span starts in the first onRequest hook; the handler is wrapped when its route
 * is declared, because a body is read in the socket's async context, not the hook's,
 * and the context entered in a hook would be lost by the time the handler runs.
 */
export function useHttpTracing(app: FastifyInstance, tracer: Tracer): void {
  const spans = new WeakMap<FastifyRequest, { span: Span; active: Context }>();
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && untraced.has(route)) return done();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      route === undefined ? request.method : `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.url.split('?')[0] ?? request.url,
          ...(route === undefined ? {} : { 'http.route': route }),
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    spans.set(request, { span, active });
    context.with(active, done);
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (this: FastifyInstance, ...args: unknown[]) => unknown;
    route.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      const traced = spans.get(request);
      if (traced === undefined) return handler.call(this, request, reply);
      return context.with(traced.active, () => handler.call(this, request, reply));
    } as RouteHandlerMethod;
  });
  app.addHook('onResponse', (request, reply, done) => {
    const traced = spans.get(request);
    if (traced !== undefined) {
      traced.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
      traced.span.end();
      spans.delete(request);
    }
    done();
  });
}
