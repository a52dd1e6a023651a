import type { IHeaders } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../envelope/envelope.js';
import {
  headerProblems,
  maxEnvelopeDepth,
  recordBytes,
  sizeProblem,
  storable,
  storableHeaders,
  storageProblem,
  valueProblem,
} from './record-checks.js';

const envelope: Envelope = {
  id: '0193c0de-0000-7000-8000-000000000001',
  type: 'TestEvent',
  schemaVersion: 1,
  aggregateType: 'test',
  aggregateId: 'k',
  correlationId: 'k',
  causationId: null,
  occurredAt: '2026-01-01T00:00:00Z',
  payload: {},
};

/** kafkajs hands over null header values from other clients although IHeaders has no null. */
const nullValue = null as unknown as string;

describe('record size', () => {
  it('counts key, value and every header value, and tolerates null header values', () => {
    const headers: IHeaders = { ab: ['xyz', Buffer.from('12')], n: nullValue };
    expect(recordBytes({ key: Buffer.from('key'), value: Buffer.from('value'), headers })).toBe(
      3 + 5 + (2 + 3) + (2 + 2) + 1,
    );
    expect(recordBytes({ key: null, value: null, headers: {} })).toBe(0);
  });

  it('refuses only what is over the limit, naming both sizes', () => {
    expect(sizeProblem(1_048_576, 1_048_576)).toBeUndefined();
    expect(sizeProblem(2_000_123, 1_048_576)).toBe(
      'record of 2,000,123 bytes exceeds the 1,048,576-byte limit',
    );
  });
});

describe('record value', () => {
  it('names a tombstone and an empty value', () => {
    expect(valueProblem(null)).toBe('record has no value (a tombstone)');
    expect(valueProblem(Buffer.alloc(0))).toBe('record value is empty');
    expect(valueProblem(Buffer.from('{}'))).toBeUndefined();
  });
});

describe('what Postgres can store', () => {
  it('refuses NUL characters and unpaired surrogates in values and property names, with the path', () => {
    expect(storageProblem({ ...envelope, payload: { reason: 'a\u0000b' } })).toBe(
      'envelope holds a NUL character at /payload/reason, which Postgres cannot store',
    );
    expect(storageProblem({ ...envelope, payload: { list: ['ok', '\uD800'] } })).toBe(
      'envelope holds an unpaired UTF-16 surrogate at /payload/list/1, which Postgres cannot store',
    );
    expect(storageProblem({ ...envelope, payload: { 'x\u0000': 1 } })).toBe(
      'envelope holds a NUL character in a property name under /payload',
    );
    expect(storageProblem({ ...envelope, payload: { emoji: '😀', nested: [{ a: 1 }] } })).toBeUndefined();
  });

  it('refuses deep nesting without overflowing the stack itself', () => {
    let payload: unknown = 1;
    for (let depth = 0; depth < 200_000; depth += 1) payload = [payload];
    expect(storageProblem({ ...envelope, payload })).toBe(
      `envelope is nested deeper than ${maxEnvelopeDepth} levels`,
    );
  });

  it('makes any text storable', () => {
    expect(storable('a\u0000b\uD800c😀')).toBe('a\uFFFDb\uFFFDc😀');
  });

  it('keeps headers as bounded, storable text and drops valueless ones', () => {
    const stored = storableHeaders({
      'x\u0000': Buffer.from([0xff, 0x00]),
      repeated: ['first', 'second'],
      long: 'y'.repeat(5000),
      none: nullValue,
    });
    expect(stored).toEqual({
      'x\uFFFD': '\uFFFD\uFFFD',
      repeated: 'first',
      long: `${'y'.repeat(1024)}…`,
    });
  });
});

describe('identity headers', () => {
  it('accepts matching, absent and foreign headers, including binary foreign ones', () => {
    expect(headerProblems(undefined, envelope)).toBeUndefined();
    expect(
      headerProblems(
        {
          'message-id': envelope.id,
          'message-type': Buffer.from('TestEvent'),
          traceparent: 'garbage',
          'x-binary': Buffer.from([0xff]),
        },
        envelope,
      ),
    ).toBeUndefined();
  });

  it('names every identity header that is repeated, valueless, not UTF-8 or contradicts the envelope', () => {
    expect(
      headerProblems(
        { 'message-id': Buffer.from([0xc3, 0x28]), 'message-type': ['TestEvent', 'Other'] },
        envelope,
      ),
    ).toBe('header message-id is not UTF-8 text; header message-type appears 2 times');
    expect(headerProblems({ 'message-id': nullValue }, envelope)).toBe('header message-id has no value');
    expect(headerProblems({ 'message-type': 'Other' }, envelope)).toBe(
      "header message-type 'Other' does not match the envelope type 'TestEvent'",
    );
  });
});
