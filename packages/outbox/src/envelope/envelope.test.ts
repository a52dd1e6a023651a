import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from './envelope.js';

const valid = {
  id: '0193c0de-0000-7000-8000-000000000001',
  type: 'StockReserved',
  schemaVersion: 1,
  aggregateType: 'order',
  aggregateId: 'o-1',
  correlationId: 'saga-1',
  causationId: null,
  occurredAt: '2026-11-23T10:00:00.123456Z',
  payload: { lines: [] },
};

describe('decodeEnvelope', () => {
  it('round-trips a valid envelope', () => {
    expect(decodeEnvelope(Buffer.from(encodeEnvelope(valid)))).toEqual({ ok: true, envelope: valid });
  });

  it('names what is wrong with a malformed record', () => {
    expect(decodeEnvelope(null)).toEqual({ ok: false, reason: 'record has no value' });
    const notJson = decodeEnvelope('{oops');
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.reason).toMatch(/not JSON/);
    const badId = decodeEnvelope(JSON.stringify({ ...valid, id: 'nope', schemaVersion: 0 }));
    expect(!badId.ok && badId.reason).toMatch(/\/id/);
    expect(!badId.ok && badId.reason).toMatch(/\/schemaVersion/);
  });

  it('rejects unknown fields', () => {
    const extra = decodeEnvelope(JSON.stringify({ ...valid, sneaky: true }));
    expect(extra.ok).toBe(false);
  });
});
