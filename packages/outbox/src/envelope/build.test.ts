import { describe, expect, it } from 'vitest';
import { buildEnvelope, envelopeFields, envelopeJsonSql } from './build.js';
import { decodeEnvelope, encodeEnvelope } from './envelope.js';

const parts = {
  id: '0193c0de-0000-7000-8000-000000000003',
  type: 'StockReserved',
  aggregateType: 'Order',
  aggregateId: 'o-1',
  correlationId: 'saga-1',
  occurredAt: new Date('2026-11-23T10:00:00.123Z'),
  payload: { orderId: 'o-1', lines: [] },
};

describe('buildEnvelope', () => {
  it('builds an envelope the consumers accept, first version and uncaused by default', () => {
    const envelope = buildEnvelope(parts);
    expect(envelope).toEqual({
      id: parts.id,
      type: 'StockReserved',
      schemaVersion: 1,
      aggregateType: 'Order',
      aggregateId: 'o-1',
      correlationId: 'saga-1',
      causationId: null,
      occurredAt: '2026-11-23T10:00:00.123Z',
      payload: { orderId: 'o-1', lines: [] },
    });
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual({ ok: true, envelope });
  });

  it('keeps a given version and cause', () => {
    expect(buildEnvelope({ ...parts, schemaVersion: 3, causationId: 'm-0' })).toMatchObject({
      schemaVersion: 3,
      causationId: 'm-0',
    });
  });

  it('leaves behind what is not an envelope field, so an outbox row can be passed whole', () => {
    const row = { ...parts, topic: 'inventory.commands', key: 'o-1', headers: { traceparent: 'x' } };
    expect(Object.keys(buildEnvelope(row))).toEqual(envelopeFields);
  });

  it('lists exactly the fields the schema validates, in wire order', () => {
    expect(envelopeFields).toEqual([
      'id',
      'type',
      'schemaVersion',
      'aggregateType',
      'aggregateId',
      'correlationId',
      'causationId',
      'occurredAt',
      'payload',
    ]);
  });
});

describe('envelopeJsonSql', () => {
  it('builds every field, in wire order, from the column columnOf names', () => {
    const sql = envelopeJsonSql((field) => `c.${field}_col`);
    expect(sql).toMatch(/^json_build_object\(.*\)::text$/);
    const positions = envelopeFields.map((field) => sql.indexOf(`'${field}', `));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions).not.toContain(-1);
    for (const field of envelopeFields) expect(sql).toContain(`c.${field}_col`);
  });

  it('writes the time as toISOString does: UTC, milliseconds, Z', () => {
    expect(envelopeJsonSql((field) => field)).toContain(
      `'occurredAt', to_char(occurredAt at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    );
  });
});
