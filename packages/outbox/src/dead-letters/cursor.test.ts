import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, maxCursorLength } from './cursor.js';

const id = '0193c0de-0000-7000-8000-000000000002';
const encodeRaw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('dead-letter cursors', () => {
  it('read back what they wrote, microseconds and all, within the length a route allows', () => {
    const cursor = { failedAt: '2026-12-01T17:34:58.123456Z', id };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThanOrEqual(maxCursorLength);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['no separator', encodeRaw('2026-12-01T17:34:58.123456Z')],
    ['a second separator', encodeRaw(`2026-12-01T17:34:58.123456Z~${id}~x`)],
    ['milliseconds only', encodeRaw(`2026-12-01T17:34:58.123Z~${id}`)],
    ['a 13th month', encodeRaw(`2026-13-01T17:34:58.123456Z~${id}`)],
    ['the 30th of February', encodeRaw(`2026-02-30T17:34:58.123456Z~${id}`)],
    ['before the epoch', encodeRaw(`1969-12-31T23:59:59.000000Z~${id}`)],
    ['an id that is not a uuid', encodeRaw('2026-12-01T17:34:58.123456Z~not-a-uuid')],
    ['SQL in the id', encodeRaw("2026-12-01T17:34:58.123456Z~'; drop table outbox; --")],
    ['too long', 'A'.repeat(maxCursorLength + 1)],
  ])('refuse %s', (_, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
