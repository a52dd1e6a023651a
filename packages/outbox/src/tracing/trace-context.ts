import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

/** The instrumentation scope of the outbox's own spans. */
export const outboxTracerName = '@sagaflow/outbox';

/** The outbox's tracer from `provider`, else from the global provider (a no-op until an SDK registers one). */
export function outboxTracer(provider?: TracerProvider): Tracer {
  return (provider ?? trace.getTracerProvider()).getTracer(outboxTracerName);
}

/**
 * The trace headers (W3C `traceparent`, `tracestate`) that carry `parent` on, as the
 * registered propagator writes them; none while no OpenTelemetry SDK is registered.
 */
export function traceHeaders(parent: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(parent, carrier);
  return carrier;
}

/**
 * The trace context a producer stored in a message's headers. A missing or invalid
 * `traceparent` (hostile, or another client's garbage) yields no span context, so
 * whatever starts from it starts a new trace, as W3C trace context prescribes.
 */
export function storedContext(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Attributes common to our messaging spans (OpenTelemetry messaging semantic conventions). */
export function kafkaAttributes(topic: string, extra: Attributes = {}): Attributes {
  return { 'messaging.system': 'kafka', 'messaging.destination.name': topic, ...extra };
}
