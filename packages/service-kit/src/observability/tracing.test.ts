import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { traceFields } from './logger.js';
import { exportRequested, startTracing } from './tracing.js';

describe('exportRequested', () => {
  it('exports only when an endpoint or an exporter is named, and never for "none"', () => {
    expect(exportRequested({})).toBe(false);
    expect(exportRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(exportRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toBe(true);
    expect(exportRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).toBe(
      true,
    );
    expect(exportRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(exportRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(
      exportRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }),
    ).toBe(false);
  });
});

const silent = pino({ level: 'silent' });
const savedEnv = { ...process.env };

/** An OTLP/HTTP receiver: the bodies POSTed to it, by path. */
async function receiver(): Promise<{
  server: Server;
  url: string;
  received: { path: string; body: Buffer }[];
}> {
  const received: { path: string; body: Buffer }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

afterEach(() => {
  process.env = { ...savedEnv };
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('startTracing', () => {
  it('exports spans as OTLP to OTEL_EXPORTER_OTLP_ENDPOINT, named after the service', async () => {
    const otlp = await receiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp.url;
    const tracing = await startTracing('probe-service', silent);
    trace.getTracer('test').startActiveSpan('exported-span', (span) => span.end());
    await tracing.shutdown();
    otlp.server.close();
    expect(tracing.exporting).toBe(true);
    const traces = otlp.received.filter((request) => request.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    const body = Buffer.concat(traces.map((request) => request.body)).toString('latin1');
    expect(body).toContain('exported-span');
    expect(body).toContain('probe-service');
  });

  it('without an exporter still makes trace ids, for logs and headers, and exports nothing', async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_TRACES_EXPORTER;
    const tracing = await startTracing('probe-service', silent);
    const fields = trace.getTracer('test').startActiveSpan('kept', (span) => {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      span.end();
      return { ...traceFields(), headers };
    });
    await tracing.shutdown();
    expect(tracing.exporting).toBe(false);
    expect(fields.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(fields.headers.traceparent).toBe(`00-${fields.trace_id}-${fields.span_id}-01`);
  });

  it('starts nothing when OTEL_SDK_DISABLED=true', async () => {
    const tracing = await startTracing('probe-service', silent, { OTEL_SDK_DISABLED: 'true' });
    expect(tracing.exporting).toBe(false);
    trace.getTracer('test').startActiveSpan('dropped', (span) => {
      expect(traceFields()).toEqual({});
      span.end();
    });
  });
});
