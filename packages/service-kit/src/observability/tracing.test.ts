import { describe, expect, it } from 'vitest';
import { exportRequested } from './tracing.js';

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
