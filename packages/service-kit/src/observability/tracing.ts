import type { Logger } from 'pino';

export interface Tracing {
  /** Whether spans leave the process (an exporter is configured). */
  exporting: boolean;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

const disabled: Tracing = { exporting: false, shutdown: async () => {} };

/**
 * Whether the environment asks for spans to be exported. Unlike the SDK's own default
 * (OTLP to localhost:4318), nothing is sent unless an endpoint or an exporter is named:
 * a service started without an observability stack sends no traffic anywhere.
 */
export function exportRequested(env: Record<string, string | undefined>): boolean {
  const exporters = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporters !== undefined && exporters !== '') return exporters !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Starts the OpenTelemetry Node SDK for this process, configured by the standard
 * OTEL_* variables (read by the SDK from `process.env`): W3C trace context, a
 * service.name resource (OTEL_SERVICE_NAME, else `serviceName`), and spans exported
 * as OTLP when `exportRequested`. Without an exporter, spans are still made: trace
 * ids travel through the outbox and appear in logs and on orders. OTEL_SDK_DISABLED=true
 * starts nothing: no ids either. Metrics stay prom-client's and logs pino's.
 */
export async function startTracing(serviceName: string, logger: Logger, env = process.env): Promise<Tracing> {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    logger.info('OpenTelemetry disabled (OTEL_SDK_DISABLED)');
    return disabled;
  }
  const exporting = exportRequested(env);
  // Loaded only when used: the SDK and its exporters cost a process that fails its config or disables them.
  const [{ NodeSDK }, { NoopSpanProcessor }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace'),
  ]);
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME?.trim() ? {} : { serviceName }),
    metricReaders: [],
    logRecordProcessors: [],
    ...(exporting ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
  });
  sdk.start();
  logger.info(
    { exporting, endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT },
    exporting
      ? 'OpenTelemetry traces exported'
      : 'OpenTelemetry traces kept in-process (no exporter configured)',
  );
  return {
    exporting,
    shutdown: () =>
      sdk.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'OpenTelemetry shutdown failed')),
  };
}
