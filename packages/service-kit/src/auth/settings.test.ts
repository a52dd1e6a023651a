import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { tokenVerificationFrom } from './settings.js';

const base = { AUTH_ISSUER: 'https://issuer.test', AUTH_AUDIENCE: 'sagaflow' };
const secret = 's'.repeat(32);
const pem = (type: 'rsa' | 'ec' | 'ed25519', namedCurve?: string) =>
  generateKeyPairSync(type as 'rsa', {
    modulusLength: 2048,
    ...(namedCurve === undefined ? {} : { namedCurve }),
  }).publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('tokenVerificationFrom', () => {
  it('refuses to start without any key setting, naming all three', () => {
    expect(() => tokenVerificationFrom(base)).toThrow(ConfigError);
    expect(() => tokenVerificationFrom(base)).toThrow(
      /exactly one of AUTH_JWT_SECRET, AUTH_PUBLIC_KEY, AUTH_JWKS_URL .*\(none is set\)/,
    );
    expect(() => tokenVerificationFrom({ ...base, AUTH_JWT_SECRET: '' })).toThrow(/none is set/);
  });

  it('refuses several key settings, naming those set', () => {
    const both = { ...base, AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://keys.test/jwks.json' };
    expect(() => tokenVerificationFrom(both)).toThrow(ConfigError);
    expect(() => tokenVerificationFrom(both)).toThrow(/AUTH_JWT_SECRET and AUTH_JWKS_URL are set/);
  });

  it('takes a secret of 32 bytes or more for HS256 only, and refuses a shorter one', () => {
    expect(tokenVerificationFrom({ ...base, AUTH_JWT_SECRET: secret })).toMatchObject({
      algorithms: ['HS256'],
      source: 'AUTH_JWT_SECRET',
      issuer: base.AUTH_ISSUER,
      audience: base.AUTH_AUDIENCE,
    });
    expect(() => tokenVerificationFrom({ ...base, AUTH_JWT_SECRET: 's'.repeat(31) })).toThrow(
      /AUTH_JWT_SECRET must be at least 32 bytes, got 31/,
    );
  });

  it.each([
    ['an RSA key', () => pem('rsa'), 'RS256'],
    ['a P-256 key', () => pem('ec', 'prime256v1'), 'ES256'],
    ['an Ed25519 key', () => pem('ed25519'), 'EdDSA'],
  ])('verifies with %s by its one algorithm', (_, key, algorithm) => {
    expect(tokenVerificationFrom({ ...base, AUTH_PUBLIC_KEY: key() }).algorithms).toEqual([algorithm]);
  });

  it('reads a PEM whose line breaks are escaped, and refuses what is no public key it supports', () => {
    const escaped = pem('ed25519').replaceAll('\n', '\\n');
    expect(tokenVerificationFrom({ ...base, AUTH_PUBLIC_KEY: escaped }).algorithms).toEqual(['EdDSA']);
    expect(() => tokenVerificationFrom({ ...base, AUTH_PUBLIC_KEY: 'not a key' })).toThrow(
      /AUTH_PUBLIC_KEY is not a PEM public key/,
    );
    expect(() => tokenVerificationFrom({ ...base, AUTH_PUBLIC_KEY: pem('ec', 'secp384r1') })).toThrow(
      /AUTH_PUBLIC_KEY is a ec secp384r1 key/,
    );
  });

  it('takes an http(s) JWKS URL for asymmetric algorithms only', () => {
    const verification = tokenVerificationFrom({ ...base, AUTH_JWKS_URL: 'https://keys.test/jwks.json' });
    expect(verification.algorithms).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(typeof verification.key).toBe('function');
    expect(() => tokenVerificationFrom({ ...base, AUTH_JWKS_URL: 'keys.json' })).toThrow(/not a URL/);
    expect(() => tokenVerificationFrom({ ...base, AUTH_JWKS_URL: 'file:///etc/keys' })).toThrow(
      /must be an http\(s\) URL/,
    );
  });
});
