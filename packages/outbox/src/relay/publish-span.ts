import { type Link, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { kafkaAttributes, storedContext } from '../tracing/trace-context.js';
import type { PendingMessage } from './plan.js';
import type { PublishOutcome } from './publish.js';

/**
 * One PRODUCER span per published batch. A batch carries messages of many traces,
 * so the span is the child of none of them: it links to the context each message's
 * enqueueing transaction stored (its headers), and the consumer's handling span is
 * that stored context's child, not this span's.
 */
export async function inPublishSpan(
  tracer: Tracer,
  topicPrefix: string,
  messages: readonly PendingMessage[],
  publish: () => Promise<PublishOutcome>,
): Promise<PublishOutcome> {
  if (messages.length === 0) return publish();
  const links: Link[] = messages.flatMap((message) => {
    const context = trace.getSpanContext(storedContext(message.headers));
    return context === undefined ? [] : [{ context, attributes: { 'messaging.message.id': message.id } }];
  });
  const topics = [...new Set(messages.map((message) => topicPrefix + message.topic))].sort();
  const span = tracer.startSpan(`send ${topics.join(',')}`, {
    kind: SpanKind.PRODUCER,
    root: true,
    links,
    attributes: kafkaAttributes(topics.join(','), {
      'messaging.operation.type': 'send',
      'messaging.batch.message_count': messages.length,
    }),
  });
  try {
    const outcome = await publish();
    span.setAttribute('sagaflow.relay.published', outcome.published.length);
    span.setAttribute('sagaflow.relay.refused', outcome.refused.size);
    return outcome;
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
