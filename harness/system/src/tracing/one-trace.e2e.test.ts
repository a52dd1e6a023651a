import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { inventoryEnvSchema, inventoryService, products } from '@sagaflow/inventory';
import { orderEnvSchema, orderService } from '@sagaflow/order';
import { paymentEnvSchema, paymentService, wallets } from '@sagaflow/payment';
import { createLogger, loadEnv, type StartOptions, startService } from '@sagaflow/service-kit';
import { waitFor } from '@sagaflow/testkit';
import { testAuth, testEnvironment } from '@sagaflow/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The three services in this one process, each with a tracer provider of its own
 * (its service.name resource) and one in-memory exporter shared by all: what Jaeger
 * would receive from three processes.
 */
const exporter = new InMemorySpanExporter();
const providers: TracerProvider[] = [];
const logLines: Record<string, unknown>[] = [];
const running: { stop(): Promise<void> }[] = [];
let orderUrl = '';
let seed: () => Promise<void>;

function tracerProvider(service: string): TracerProvider {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  providers.push(provider);
  return provider;
}

function startOptions(service: string): StartOptions {
  return { logger: createLogger(service, 'debug', logSink), tracerProvider: tracerProvider(service) };
}

/** Every log line of the services, parsed. */
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    done();
  },
});

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const order = await testEnvironment('trace-order');
  const shared = { KAFKA_TOPIC_PREFIX: order.topicPrefix, LOG_LEVEL: 'debug' };
  const inventory = await testEnvironment('trace-inventory', shared);
  const payment = await testEnvironment('trace-payment', shared);
  const inventoryRunning = await startService(
    inventoryService,
    loadEnv(inventoryEnvSchema, inventory.env),
    startOptions('inventory'),
  );
  running.push(inventoryRunning);
  const paymentRunning = await startService(
    paymentService,
    loadEnv(paymentEnvSchema, payment.env),
    startOptions('payment'),
  );
  running.push(paymentRunning);
  const orderRunning = await startService(
    orderService,
    loadEnv(orderEnvSchema, { ...order.env, ...shared }),
    startOptions('order'),
  );
  running.push(orderRunning);
  orderUrl = orderRunning.url;
  seed = async () => {
    await inventoryRunning.db
      .insert(products)
      .values({ sku: 'traced-mug', name: 'Mug', priceCents: 1250, onHand: 5 });
    await paymentRunning.db.insert(wallets).values({ customerId: 'traced-alice', balanceCents: 10_000 });
  };
}, 120_000);

afterAll(async () => {
  for (const service of running.reverse()) await service.stop();
  for (const provider of providers) await provider.shutdown();
  propagation.disable();
  context.disable();
});

const serviceOf = (span: ReadableSpan) => span.resource.attributes['service.name'];

describe('one order, one trace', () => {
  it('follows POST /orders through the outbox, both participants and their replies, in one trace', async () => {
    await seed();
    // The caller's own trace: the order's joins it.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const authorization = `Bearer ${await testAuth.mint({ subject: 'traced-alice', roles: ['customer'] })}`;
    const response = await fetch(`${orderUrl}/orders`, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({ customerId: 'traced-alice', items: [{ sku: 'traced-mug', quantity: 2 }] }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const inTrace = () =>
      exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const consumed = (service: string, topic: string) =>
      inTrace().filter(
        (span) => serviceOf(span) === service && span.kind === SpanKind.CONSUMER && span.name.endsWith(topic),
      );
    // Confirmed, and the stock committed: the last message of the saga was handled.
    await waitFor(() => consumed('inventory', 'inventory.commands').length >= 2, 60_000);
    await waitFor(() => consumed('order', 'order.saga-replies').length >= 2, 60_000);

    const view = (await (await fetch(`${orderUrl}/orders/${id}`, { headers: { authorization } })).json()) as {
      order: { status: string; traceId: string | null };
    };
    expect(view.order).toMatchObject({ status: 'confirmed', traceId });

    const spans = inTrace();
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan | undefined) => byId.get(span?.parentSpanContext?.spanId ?? '');
    const [post, ...otherPosts] = spans.filter((span) => span.name === 'POST /orders');
    expect(otherPosts).toEqual([]);
    expect(serviceOf(post as ReadableSpan)).toBe('order');
    expect(post?.kind).toBe(SpanKind.SERVER);
    expect(post?.parentSpanContext).toMatchObject({ spanId: callerSpanId, isRemote: true });
    expect(new Set(spans.map(serviceOf))).toEqual(new Set(['order', 'inventory', 'payment']));

    // Every handling's parent is the span whose transaction enqueued the message.
    const [reserve, commit] = consumed('inventory', 'inventory.commands').sort(
      (a, b) => a.startTime[1] - b.startTime[1] + (a.startTime[0] - b.startTime[0]) * 1e9,
    );
    expect(parentOf(reserve)).toBe(post);
    const [charge] = consumed('payment', 'payment.commands');
    const stockReplyHandling = parentOf(charge);
    expect(stockReplyHandling && serviceOf(stockReplyHandling)).toBe('order');
    expect(parentOf(stockReplyHandling)).toBe(reserve);
    const paymentReplyHandling = parentOf(commit);
    expect(paymentReplyHandling && serviceOf(paymentReplyHandling)).toBe('order');
    expect(parentOf(paymentReplyHandling)).toBe(charge);
    expect(paymentReplyHandling?.attributes['sagaflow.message.type']).toBe('PaymentProcessed');

    // A relay's batch span is in no order's trace; it links to each message's stored context.
    const publishes = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.PRODUCER);
    const linkedFrom = (target: ReadableSpan | undefined) =>
      publishes.filter((publish) =>
        publish.links.some((link) => link.context.spanId === target?.spanContext().spanId),
      );
    expect(linkedFrom(post).map(serviceOf)).toContain('order');
    expect(linkedFrom(reserve).map(serviceOf)).toEqual(['inventory']);
    expect(linkedFrom(charge).map(serviceOf)).toEqual(['payment']);
    expect(publishes.every((publish) => publish.spanContext().traceId !== traceId)).toBe(true);

    // Log lines within the saga carry its trace.
    const traced = logLines.filter((line) => line.trace_id === traceId);
    expect(new Set(traced.map((line) => line.service))).toEqual(new Set(['order', 'inventory', 'payment']));
    expect(traced.every((line) => typeof line.span_id === 'string' && byId.has(line.span_id))).toBe(true);
  }, 120_000);
});
