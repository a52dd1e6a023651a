import { describe, expect, it } from 'vitest';
import { subjectOf } from './auth.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) => `${base64url({ alg: 'HS256' })}.${base64url(claims)}.signature`;

describe('subjectOf', () => {
  it('reads the sub claim of a JWT', () => {
    expect(subjectOf(jwt({ sub: 'alice', roles: ['operator'] }))).toBe('alice');
    expect(subjectOf(jwt({ sub: 'zoë-ø' }))).toBe('zoë-ø');
  });

  it('is null for what is not a JWT with a subject', () => {
    expect(subjectOf('opaque-token')).toBeNull();
    expect(subjectOf('a.%%%.c')).toBeNull();
    expect(subjectOf(jwt({ roles: [] }))).toBeNull();
    expect(subjectOf(jwt({ sub: 42 }))).toBeNull();
  });
});
