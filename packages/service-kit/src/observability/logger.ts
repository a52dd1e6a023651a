import { type Context, trace } from '@opentelemetry/api';
import type { logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import { type DestinationStream, type Logger, pino } from 'pino';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function isLogLevel(level: string | undefined): level is (typeof logLevels)[number] {
  return (logLevels as readonly (string | undefined)[]).includes(level);
}

/** Lines go to stdout unless `destination` is given (a test reading them back). */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options = { name: service, level, base: { service }, mixin: () => traceFields() };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/**
 * `trace_id` and `span_id` of the span in `active` (default: the active one), for a
 * log line; none outside a span. A batch handler's per-message logger binds them
 * from the message's own context, since no single span is active for a batch.
 */
export function traceFields(active?: Context): { trace_id?: string; span_id?: string } {
  const span = active === undefined ? trace.getActiveSpan() : trace.getSpan(active);
  const spanContext = span?.spanContext();
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** Routes kafkajs's own log lines through pino, below our own at the same level. */
export function kafkaLogCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return (_level: KafkaLogLevel) =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      // kafkajs levels: 1 error, 2 warn, 4 info, 5 debug; its info lines are chatter for us.
      if (level <= 1) kafkaLogger.error(rest, message);
      else if (level === 2) kafkaLogger.warn(rest, message);
      else kafkaLogger.debug(rest, message);
    };
}
