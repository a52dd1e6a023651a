import { type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { kafkaAttributes } from '../tracing/trace-context.js';
import type { IncomingMessage } from './intake.js';

export interface HandlingSpans {
  /** The messages, each carrying the context of its own handling span. */
  messages: IncomingMessage[];
  /** Ends every span: in error when the batch's handling threw (its transaction rolled back). */
  end(error?: unknown): void;
}

/**
 * One CONSUMER span per message handled, a child of the context its producer stored,
 * whatever batch the message was handled in: each message's downstream stays in
 * that message's trace.
 */
export function startHandlingSpans(
  tracer: Tracer,
  consumerGroup: string,
  messages: readonly IncomingMessage[],
): HandlingSpans {
  const spans: Span[] = [];
  const traced = messages.map((message) => {
    const span = tracer.startSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: kafkaAttributes(message.topic, {
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': consumerGroup,
          'messaging.destination.partition.id': String(message.partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.message.id': message.envelope.id,
          'messaging.batch.message_count': messages.length,
          'sagaflow.message.type': message.envelope.type,
          'sagaflow.correlation_id': message.envelope.correlationId,
        }),
      },
      message.trace,
    );
    spans.push(span);
    return { ...message, trace: trace.setSpan(message.trace, span) };
  });
  return {
    messages: traced,
    end(error) {
      for (const span of spans) {
        if (error !== undefined) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'the batch this message was in failed' });
        }
        span.end();
      }
    },
  };
}

/** Runs `handle` with the messages in their handling spans, ending them as it ends. */
export async function handleInSpans(
  tracer: Tracer,
  consumerGroup: string,
  messages: readonly IncomingMessage[],
  handle: (traced: readonly IncomingMessage[]) => Promise<void>,
): Promise<void> {
  const spans = startHandlingSpans(tracer, consumerGroup, messages);
  try {
    await handle(spans.messages);
  } catch (error) {
    spans.end(error);
    throw error;
  }
  spans.end();
}
