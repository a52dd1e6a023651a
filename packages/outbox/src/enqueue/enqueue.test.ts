import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toRow } from './enqueue.js';

const deps = {
  newId: () => '0193c0de-0000-7000-8000-000000000002',
  now: () => new Date('2026-11-23T10:00:00Z'),
};
const base = {
  topic: 'orders',
  type: 'OrderCreated',
  aggregateType: 'order',
  aggregateId: 'o-1',
  payload: { a: 1 },
};

describe('toRow', () => {
  it('keys by aggregate id and requires a correlation id', () => {
    expect(() => toRow(base, deps)).toThrow(/correlationId/);
    const row = toRow({ ...base, correlationId: 'saga-1' }, deps);
    expect(row).toMatchObject({ key: 'o-1', schemaVersion: 1, causationId: null, correlationId: 'saga-1' });
  });

  it('writes no trace headers while no OpenTelemetry SDK is registered', () => {
    const row = toRow({ ...base, correlationId: 'saga-1', trace: handling }, deps);
    expect(row.headers).toEqual({});
  });
});

const handling = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: false,
});
const handlingTraceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('toRow with a propagator registered', () => {
  beforeEach(() => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterEach(() => {
    propagation.disable();
    context.disable();
  });

  it('takes causation, correlation and trace from the message being handled', () => {
    const causedBy = { id: 'cause-1', correlationId: 'saga-9', trace: handling };
    const row = toRow({ ...base, causedBy }, deps);
    expect(row).toMatchObject({ causationId: 'cause-1', correlationId: 'saga-9' });
    expect(row.headers.traceparent).toBe(handlingTraceparent);
  });

  it('stores the active context when the message names none, over a caller-set traceparent', () => {
    const row = context.with(handling, () =>
      toRow({ ...base, correlationId: 'saga-1', headers: { traceparent: 'forged', other: 'kept' } }, deps),
    );
    expect(row.headers).toEqual({ traceparent: handlingTraceparent, other: 'kept' });
  });

  it('stores no trace outside any span', () => {
    expect(toRow({ ...base, correlationId: 'saga-1' }, deps).headers).toEqual({});
  });
});
