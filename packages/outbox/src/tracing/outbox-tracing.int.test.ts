import { context as otelContext, type SpanContext, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { enqueueCommitted, message, testEnvelopes, testLogger, uniqueName, waitFor } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxConsumer, type IncomingMessage } from '../consumer/inbox-consumer.js';
import { enqueue } from '../enqueue/enqueue.js';
import { encodeEnvelope } from '../envelope/envelope.js';
import { createRelayProducer, Relay } from '../relay/relay.js';
import { type RecordedSpans, recordSpans } from '../testing/recorded-spans.js';

const context = outboxTestContext('tracing-int');
const { control, kafka } = context;
const envelope = testEnvelopes('7ace');
let recorded: RecordedSpans;

beforeAll(() => {
  recorded = recordSpans();
});
afterAll(async () => {
  await recorded.stop();
});

/** A consumer of `topic` that answers each message with one on `replies`, caused by it. */
function answering(topic: string, replies: string, handled: IncomingMessage[]) {
  return new InboxConsumer({
    kafka,
    db: context.fixture.db,
    groupId: uniqueName('group'),
    topics: [topic],
    logger: testLogger,
    handleBatch: async (messages, tx) => {
      handled.push(...messages);
      await enqueue(
        tx,
        messages.map(({ envelope: cause, trace: handling }) => ({
          ...message(replies, cause.aggregateId, 1),
          causedBy: { id: cause.id, correlationId: cause.correlationId, trace: handling },
        })),
      );
    },
  });
}

const spansNamed = (name: string) => recorded.spans().filter((span) => span.name === name);
const sameSpan = (a: SpanContext | undefined, b: SpanContext) =>
  a?.traceId === b.traceId && a.spanId === b.spanId;
const linksTo = (span: ReadableSpan, target: SpanContext) =>
  span.links.some((link) => sameSpan(link.context, target));

describe('traces through the outbox', () => {
  it('keeps the enqueueing span, the handling and its reply in one trace; publishing links to them', async () => {
    const topic = uniqueName('traced');
    const replies = uniqueName('traced-replies');
    await control.createTopic(topic, 1);
    await control.createTopic(replies, 1);
    const placing = trace.getTracer('test').startSpan('place');
    await otelContext.with(trace.setSpan(otelContext.active(), placing), () =>
      enqueueCommitted(context.fixture.db, [message(topic, 'k1', 0)]),
    );
    placing.end();
    const stored = placing.spanContext();
    const handled: IncomingMessage[] = [];
    const consumer = answering(topic, replies, handled);
    const relay = new Relay({
      pool: context.fixture.pool,
      producer: createRelayProducer(kafka),
      logger: testLogger,
    });
    await consumer.start();
    await relay.start();
    try {
      await waitFor(() => spansNamed(`send ${replies}`).length > 0, 30_000);
    } finally {
      await relay.stop();
      await consumer.stop();
    }
    const [handling] = spansNamed(`process ${topic}`);
    expect(handling?.parentSpanContext?.spanId).toBe(stored.spanId);
    expect(handling?.spanContext().traceId).toBe(stored.traceId);
    expect(handling?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
    });
    expect(trace.getSpanContext(handled[0]?.trace ?? otelContext.active())?.spanId).toBe(
      handling?.spanContext().spanId,
    );
    const [publish] = spansNamed(`send ${topic}`);
    expect(publish && linksTo(publish, stored)).toBe(true);
    // A batch holds many traces: its span belongs to none of them.
    expect(publish?.spanContext().traceId).not.toBe(stored.traceId);
    const [replyPublish] = spansNamed(`send ${replies}`);
    expect(handling && replyPublish && linksTo(replyPublish, handling.spanContext())).toBe(true);
  });

  it('starts a new trace for a record whose traceparent is garbage', async () => {
    const topic = uniqueName('garbage-trace');
    await control.createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    const garbage = envelope('garbage');
    await producer.send({
      topic,
      messages: [{ key: 'garbage', value: encodeEnvelope(garbage), headers: { traceparent: 'garbage' } }],
    });
    await producer.disconnect();
    const handled: IncomingMessage[] = [];
    const consumer = answering(topic, uniqueName('unused'), handled);
    await consumer.start();
    try {
      await waitFor(() => spansNamed(`process ${topic}`).length > 0, 30_000);
    } finally {
      await consumer.stop();
    }
    const [handling] = spansNamed(`process ${topic}`);
    expect(handling?.parentSpanContext).toBeUndefined();
    expect(handling?.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(handled.map((each) => each.envelope.id)).toEqual([garbage.id]);
  });
});
