import { createPublicKey, type KeyObject } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { assertNever } from '../assert-never.js';
import { ConfigError } from '../config/errors.js';

/** The settings every service reads to verify bearer tokens; part of the common env. */
export const authEnvProperties = {
  AUTH_ISSUER: Type.String({ minLength: 1, description: 'The `iss` every bearer token must carry' }),
  AUTH_AUDIENCE: Type.String({ minLength: 1, description: 'The `aud` every bearer token must carry' }),
  AUTH_JWT_SECRET: Type.Optional(
    Type.String({
      description: 'HS256 shared secret, at least 32 bytes; exactly one of the three AUTH key settings',
    }),
  ),
  AUTH_PUBLIC_KEY: Type.Optional(
    Type.String({
      description:
        'PEM public key: RSA (RS256), P-256 (ES256) or Ed25519 (EdDSA); or AUTH_JWT_SECRET or AUTH_JWKS_URL',
    }),
  ),
  AUTH_JWKS_URL: Type.Optional(
    Type.String({
      description: 'URL of a JWKS (RS256, ES256, EdDSA keys); or AUTH_JWT_SECRET or AUTH_PUBLIC_KEY',
    }),
  ),
};

export interface AuthEnv {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_JWT_SECRET?: string | undefined;
  AUTH_PUBLIC_KEY?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
}

/** What a token is checked against: issuer, audience, and a key with the only algorithms it may sign with. */
export interface TokenVerification {
  issuer: string;
  audience: string;
  key: Uint8Array | KeyObject | JWTVerifyGetKey;
  algorithms: string[];
  /** For logs: which of the three settings gave the key. */
  source: 'AUTH_JWT_SECRET' | 'AUTH_PUBLIC_KEY' | 'AUTH_JWKS_URL';
}

export const minimumSecretBytes = 32;
const keySettings = ['AUTH_JWT_SECRET', 'AUTH_PUBLIC_KEY', 'AUTH_JWKS_URL'] as const;

/**
 * The verification key from the environment: exactly one of the three settings.
 * None, or several, is a configuration error naming them, so a service never
 * starts without authentication nor with a key it did not mean.
 */
export function tokenVerificationFrom(env: AuthEnv): TokenVerification {
  const given = keySettings.filter((name) => (env[name] ?? '') !== '');
  if (given.length !== 1) {
    throw new ConfigError(
      `invalid configuration: set exactly one of ${keySettings.join(', ')} to verify bearer tokens` +
        (given.length === 0 ? ' (none is set)' : ` (${given.join(' and ')} are set)`),
    );
  }
  const base = { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE };
  const source = given[0] as (typeof keySettings)[number];
  const value = env[source] as string;
  switch (source) {
    case 'AUTH_JWT_SECRET':
      return { ...base, source, ...secretKey(value) };
    case 'AUTH_PUBLIC_KEY':
      return { ...base, source, ...publicKey(value) };
    case 'AUTH_JWKS_URL':
      return { ...base, source, ...jwksKey(value) };
    default:
      return assertNever(source);
  }
}

function secretKey(secret: string): Pick<TokenVerification, 'key' | 'algorithms'> {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.byteLength < minimumSecretBytes) {
    throw new ConfigError(
      `invalid configuration: AUTH_JWT_SECRET must be at least ${minimumSecretBytes} bytes, got ${bytes.byteLength}`,
    );
  }
  return { key: bytes, algorithms: ['HS256'] };
}

function publicKey(pem: string): Pick<TokenVerification, 'key' | 'algorithms'> {
  let key: KeyObject;
  try {
    // An env value often carries its line breaks escaped, as `\n`.
    key = createPublicKey(pem.replaceAll('\\n', '\n'));
  } catch (error) {
    throw new ConfigError(
      `invalid configuration: AUTH_PUBLIC_KEY is not a PEM public key (${(error as Error).message})`,
    );
  }
  const algorithm = algorithmOf(key);
  if (algorithm === undefined) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    throw new ConfigError(
      `invalid configuration: AUTH_PUBLIC_KEY is a ${key.asymmetricKeyType}${curve === undefined ? '' : ` ${curve}`} key; ` +
        'use an RSA (RS256), P-256 (ES256) or Ed25519 (EdDSA) key',
    );
  }
  return { key, algorithms: [algorithm] };
}

/** One algorithm per key type: a key never verifies a signature made with another algorithm. */
function algorithmOf(key: KeyObject): string | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'ec':
      return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
    case 'ed25519':
      return 'EdDSA';
    default:
      return undefined;
  }
}

function jwksKey(url: string): Pick<TokenVerification, 'key' | 'algorithms'> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`invalid configuration: AUTH_JWKS_URL is not a URL: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError('invalid configuration: AUTH_JWKS_URL must be an http(s) URL');
  }
  // jose fetches the set on first use and again for an unknown key id, with its own cache and cooldown.
  return { key: createRemoteJWKSet(parsed), algorithms: ['RS256', 'ES256', 'EdDSA'] };
}
