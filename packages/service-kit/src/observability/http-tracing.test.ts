import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../http/health.js';
import { createHttpServer, type HttpServer } from '../http/server.js';
import { traceFields } from './logger.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let app: HttpServer;
/** What the handler saw as its active trace. */
let seen: ReturnType<typeof traceFields>;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  app = createHttpServer({ logger: pino({ level: 'silent' }), tracer: provider.getTracer('test') });
  app.register(healthRoutes, { checks: {} });
  app.post('/things/:id', { schema: { body: Type.Object({ count: Type.Integer() }) } }, async (request) => {
    // An await before reading the context: the handler's async continuations keep it.
    await new Promise((resolve) => setImmediate(resolve));
    seen = traceFields();
    if (request.body.count < 0) throw new Error('boom');
    return { ok: true };
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  propagation.disable();
  context.disable();
});
beforeEach(() => {
  exporter.reset();
  seen = {};
});

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const post = (headers: Record<string, string>, count = 1) =>
  app.inject({ method: 'POST', url: '/things/a?x=1', headers, payload: { count } });

describe('HTTP spans', () => {
  it('continue the caller’s traceparent, active in the handler', async () => {
    expect((await post({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` })).statusCode).toBe(200);
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'POST /things/:id', kind: SpanKind.SERVER });
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext).toMatchObject({ spanId: '00f067aa0ba902b7', isRemote: true });
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/things/:id',
      'url.path': '/things/a',
      'http.response.status_code': 200,
    });
    expect(seen).toEqual({ trace_id: traceId, span_id: span?.spanContext().spanId });
  });

  it('start a new trace for a garbage traceparent, and mark a 500 as an error', async () => {
    expect((await post({ traceparent: 'garbage' }, -1)).statusCode).toBe(500);
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(span?.spanContext().traceId).not.toBe(traceId);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(seen.trace_id).toBe(span?.spanContext().traceId);
  });

  it('leave probes untraced', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('traceFields', () => {
  it('is empty outside a span', () => {
    expect(traceFields()).toEqual({});
  });
});
