import { generateKeyPairSync } from 'node:crypto';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { tokenVerificationFrom } from './settings.js';
import { createTokenVerifier, TokenRefused } from './verify.js';

const issuer = 'https://issuer.test';
const audience = 'sagaflow';
const secret = 'a-secret-of-at-least-thirty-two-bytes';
const key = new TextEncoder().encode(secret);
const verify = createTokenVerifier(
  tokenVerificationFrom({ AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_JWT_SECRET: secret }),
);

function token(
  claims: Record<string, unknown> = {},
  options: { exp?: number; sub?: string; alg?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ roles: ['operator'], ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime(options.exp ?? now + 600);
  if (options.sub !== '') jwt.setSubject(options.sub ?? 'ann');
  return jwt;
}

async function refusal(candidate: string | Promise<string>): Promise<string> {
  const error = await verify(await candidate).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenRefused);
  return (error as TokenRefused).description;
}

describe('createTokenVerifier', () => {
  it('accepts a good token: its subject and the roles it knows', async () => {
    expect(await verify(await token({ roles: ['operator', 'customer', 'root'] }).sign(key))).toEqual({
      subject: 'ann',
      roles: ['customer', 'operator'],
    });
    expect(await verify(await token({ roles: undefined }).sign(key))).toEqual({ subject: 'ann', roles: [] });
  });

  it('refuses an expired token, beyond the clock tolerance', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    expect(await refusal(token({}, { exp: past }).sign(key))).toBe('the token has expired');
  });

  it('refuses another issuer and another audience', async () => {
    expect(await refusal(token().setIssuer('https://elsewhere.test').sign(key))).toBe(
      'the token is from another issuer',
    );
    expect(await refusal(token().setAudience('someone-else').sign(key))).toBe(
      'the token is for another audience',
    );
  });

  it('refuses a token without expiry or subject, and roles that are not a list of strings', async () => {
    const noExp = new SignJWT({ roles: ['operator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('ann');
    expect(await refusal(noExp.sign(key))).toMatch(/exp/);
    expect(await refusal(token({}, { sub: '' }).sign(key))).toMatch(/sub/);
    expect(await refusal(token({ roles: 'operator' }).sign(key))).toBe(
      'the roles claim is not a list of strings',
    );
    expect(await refusal(token({ roles: [1] }).sign(key))).toBe('the roles claim is not a list of strings');
  });

  it('refuses a forged signature and a tampered payload', async () => {
    expect(await refusal(token().sign(new TextEncoder().encode('another-secret-of-thirty-two-bytes!')))).toBe(
      'the token is malformed or its signature does not verify',
    );
    const [header, , signature] = (await token().sign(key)).split('.');
    const payload = base64url.encode(
      JSON.stringify({ sub: 'root', roles: ['operator'], iss: issuer, aud: audience, exp: 9e9 }),
    );
    expect(await refusal(`${header}.${payload}.${signature}`)).toBe(
      'the token is malformed or its signature does not verify',
    );
    expect(await refusal('not.a.token')).toBe('the token is malformed or its signature does not verify');
  });

  it('refuses alg none and an algorithm other than the key’s', async () => {
    const unsigned = new UnsecuredJWT({ roles: ['operator'] })
      .setSubject('ann')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('10m')
      .encode();
    expect(await refusal(unsigned)).toMatch(/algorithm this service does not accept|malformed/);
    const { privateKey } = generateKeyPairSync('ed25519');
    const other = await token({}, { alg: 'EdDSA' }).sign(privateKey);
    expect(await refusal(other)).toBe('the token is signed with an algorithm this service does not accept');
    const hs384 = await token({}, { alg: 'HS384' }).sign(new Uint8Array(48).fill(7));
    expect(await refusal(hs384)).toBe('the token is signed with an algorithm this service does not accept');
  });

  it('refuses an HS256 token signed with the public key of a key-pair configuration (key confusion)', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const byKey = createTokenVerifier(
      tokenVerificationFrom({ AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_PUBLIC_KEY: pem }),
    );
    const confused = await token().sign(new TextEncoder().encode(pem));
    const error = await byKey(confused).catch((caught: unknown) => caught);
    expect((error as TokenRefused).description).toBe(
      'the token is signed with an algorithm this service does not accept',
    );
  });
});
