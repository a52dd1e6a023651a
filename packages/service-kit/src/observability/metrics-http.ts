import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Histogram, type Registry } from 'prom-client';
import { problemAnswers } from '../http/problem-answers.js';

/** The route of a request that matched none: raw URLs as label values would be unbounded. */
export const unmatchedRoute = 'unmatched';

/**
 * `sagaflow_http_request_duration_seconds` by method, route pattern (`/orders/:id`,
 * never the raw URL) and status code, for every request the server answers.
 * Register it before the routes.
 */
export const httpMetrics = fp(
  async (app: FastifyInstance, options: { registry: Registry }) => {
    const duration = new Histogram({
      name: 'sagaflow_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its response, by route pattern and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [options.registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? unmatchedRoute,
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  },
  { name: 'sagaflow-http-metrics' },
);

const metricsSchema = {
  summary: 'Prometheus metrics, in the text exposition format',
  response: {
    // A string payload of a non-JSON type is sent as it is: this schema documents, it does not serialize.
    200: { description: 'The metrics', content: { 'text/plain': { schema: Type.String() } } },
    ...problemAnswers(500),
  },
};

/** `GET /metrics`: the registry in Prometheus's text exposition format. Open, like /health. */
export const metricsRoute = fp(
  async (app: FastifyInstance, options: { registry: Registry }) => {
    app.get('/metrics', { schema: metricsSchema }, async (_request, reply) => {
      reply.type(options.registry.contentType);
      return options.registry.metrics();
    });
  },
  { name: 'sagaflow-metrics-route' },
);
