import { describe, expect, it } from 'vitest';
import { SecurityConfigError } from './env-settings.js';
import { describePostgresTls, parsePostgresTls } from './postgres-tls.js';

const url = 'postgres://order:pw@db.internal:5432/sagaflow_order';

function refusal(databaseUrl: string, env: Record<string, string>): SecurityConfigError {
  try {
    parsePostgresTls(databaseUrl, 'DATABASE_URL', env);
  } catch (error) {
    if (error instanceof SecurityConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${databaseUrl} with ${JSON.stringify(env)}`);
}

describe('parsePostgresTls', () => {
  it('is off by default, and passes the URL through', () => {
    expect(parsePostgresTls(url, 'DATABASE_URL', {})).toEqual({ connectionString: url });
  });

  it('turns on verify-full with a CA file and an optional client certificate', () => {
    const settings = parsePostgresTls(url, 'DATABASE_URL', {
      DATABASE_TLS: 'verify-full',
      DATABASE_TLS_CA_FILE: '/ca.pem',
    });
    expect(settings.tls).toEqual({ caFile: '/ca.pem' });
    expect(describePostgresTls(settings)).toBe('TLS verify-full (CA /ca.pem)');
    expect(
      parsePostgresTls(url, 'DATABASE_URL', {
        DATABASE_TLS: 'verify-full',
        DATABASE_TLS_CERT_FILE: '/c.pem',
        DATABASE_TLS_KEY_FILE: '/k.pem',
      }).tls,
    ).toEqual({ client: { certFile: '/c.pem', keyFile: '/k.pem' } });
  });

  it('accepts an sslmode that agrees, and strips it so it cannot override the TLS options', () => {
    expect(
      parsePostgresTls(`${url}?sslmode=verify-full&application_name=x`, 'DATABASE_URL', {
        DATABASE_TLS: 'verify-full',
      }).connectionString,
    ).toBe(`${url}?application_name=x`);
    expect(parsePostgresTls(`${url}?sslmode=disable`, 'DATABASE_URL', {}).connectionString).toBe(url);
  });

  it('refuses a URL whose sslmode would downgrade or bypass DATABASE_TLS', () => {
    for (const query of [
      'sslmode=disable',
      'sslmode=require',
      'sslmode=prefer',
      'sslmode=no-verify',
      'ssl=true',
    ])
      expect(refusal(`${url}?${query}`, { DATABASE_TLS: 'verify-full' }).variables).toEqual([
        'DATABASE_URL',
        'DATABASE_TLS',
      ]);
    expect(refusal(`${url}?sslmode=require`, {}).message).toBe(
      'DATABASE_URL has sslmode=require, which DATABASE_TLS=off does not allow: configure TLS with DATABASE_TLS=verify-full and DATABASE_TLS_CA_FILE (or sslmode=disable) instead',
    );
    expect(refusal(`${url}?sslrootcert=/other.pem`, { DATABASE_TLS: 'verify-full' }).message).toMatch(
      /sslrootcert=\/other\.pem/,
    );
  });

  it('passes a URL WHATWG cannot parse through untouched when it has no TLS parameters', () => {
    const socket = 'postgres://order@/sagaflow_order';
    expect(parsePostgresTls(socket, 'DATABASE_URL', {})).toEqual({ connectionString: socket });
    expect(refusal(`${socket}?sslmode=require`, {}).variables).toEqual(['DATABASE_URL']);
  });

  it('refuses TLS files with TLS off, an unknown mode, and half a client certificate', () => {
    expect(refusal(url, { DATABASE_TLS_CA_FILE: '/ca.pem' }).message).toBe(
      'DATABASE_TLS_CA_FILE is set but DATABASE_TLS is off; set DATABASE_TLS=verify-full or unset it',
    );
    expect(refusal(url, { DATABASE_TLS: 'require' }).variables).toEqual(['DATABASE_TLS']);
    expect(refusal(url, { DATABASE_TLS: 'verify-full', DATABASE_TLS_KEY_FILE: '/k.pem' }).variables).toEqual([
      'DATABASE_TLS_CERT_FILE',
      'DATABASE_TLS_KEY_FILE',
    ]);
  });
});
