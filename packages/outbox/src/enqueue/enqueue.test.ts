import { describe, expect, it } from 'vitest';
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

  it('takes causation, correlation and trace from the message being handled', () => {
    const causedBy = {
      id: 'cause-1',
      correlationId: 'saga-9',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    const row = toRow({ ...base, causedBy }, deps);
    expect(row).toMatchObject({ causationId: 'cause-1', correlationId: 'saga-9' });
    expect(row.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(row.headers.traceparent).not.toBe(causedBy.traceparent);
  });
});
