import { describe, expect, it } from 'vitest';
import { childTraceparent, parseTraceparent } from './traceparent.js';

const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('parses a valid header and rejects malformed or all-zero ids', () => {
    expect(parseTraceparent(parent)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(parseTraceparent(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
  });

  it('makes a child span in the same trace', () => {
    const child = parseTraceparent(childTraceparent(parent, (bytes) => 'ab'.repeat(bytes)));
    expect(child).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: 'abababababababab',
      flags: '01',
    });
  });

  it('starts a new sampled trace without a valid parent', () => {
    const root = parseTraceparent(childTraceparent(undefined));
    expect(root?.flags).toBe('01');
    expect(root?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
