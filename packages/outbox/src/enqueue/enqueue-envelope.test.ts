import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '../envelope/build.js';
import { envelopeRow } from './enqueue-envelope.js';

describe('envelopeRow', () => {
  it('is the row buildEnvelope turns back into the same envelope, so a replay publishes it unchanged', () => {
    const envelope = buildEnvelope({
      id: '0193c0de-0000-7000-8000-000000000002',
      type: 'PaymentCharged',
      schemaVersion: 2,
      aggregateType: 'order',
      aggregateId: 'o-1',
      correlationId: 'saga-1',
      causationId: '0193c0de-0000-7000-8000-000000000001',
      occurredAt: new Date('2026-12-01T10:00:00.123Z'),
      payload: { orderId: 'o-1', amountCents: 500 },
    });
    const row = envelopeRow(envelope, { topic: 'order.replies', key: 'o-1', headers: { traceparent: 't' } });
    expect(row).toMatchObject({
      id: envelope.id,
      topic: 'order.replies',
      key: 'o-1',
      headers: { traceparent: 't' },
    });
    expect(
      buildEnvelope({ ...row, occurredAt: row.occurredAt, causationId: row.causationId ?? null }),
    ).toEqual(envelope);
  });
});
