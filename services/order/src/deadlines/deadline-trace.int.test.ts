import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { waitFor } from '@sagaflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let fixture: OrderFixture;

beforeAll(async () => {
  // What the SDK registers in a running service.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  fixture = await startOrderFixture('order_deadline_trace', { STOCK_TIMEOUT_MS: '1000' });
});
afterAll(async () => {
  await fixture?.close();
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('a deadline', () => {
  it('fires in the order’s trace, and what it sends continues it', async () => {
    const traceId = '5c0a1e2b3d4f56789abcdef012345678';
    const response = await fixture.post(
      '/orders',
      { customerId: 'cust-1', items: [{ sku: 'MUG', quantity: 2 }] },
      { traceparent: `00-${traceId}-1111222233334444-01` },
    );
    const { id } = (await response.json()) as { id: string };
    await fixture.peer.waitForType('ReleaseStock', id, 1, 15_000);
    const view = await fixture.get<{ order: { traceId: string } }>(`/orders/${id}`);
    expect(view.body.order.traceId).toBe(traceId);

    const spans = () => exporter.getFinishedSpans();
    await waitFor(() => spans().some((span) => span.name === 'saga deadline'), 10_000);
    const post = spans().find((span) => span.name === 'POST /orders' && span.kind === SpanKind.SERVER);
    const deadline = spans().find((span) => span.name === 'saga deadline');
    expect(post?.spanContext().traceId).toBe(traceId);
    expect(deadline?.spanContext().traceId).toBe(traceId);
    expect(deadline?.parentSpanContext?.spanId).toBe(post?.spanContext().spanId);
    expect(deadline?.attributes['sagaflow.order_id']).toBe(id);
    // The compensation's publish links to the deadline's span: ReleaseStock was stored in it.
    await waitFor(
      () =>
        spans().some((span) =>
          span.links.some((link) => link.context.spanId === deadline?.spanContext().spanId),
        ),
      10_000,
    );
  });
});
