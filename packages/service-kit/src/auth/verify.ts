import { errors, type JWTPayload, jwtVerify } from 'jose';
import type { TokenVerification } from './settings.js';

export const roles = ['customer', 'operator'] as const;
export type Role = (typeof roles)[number];

/** Who calls: the token's subject and the roles it grants. For a customer the subject is the customer id. */
export interface Principal {
  subject: string;
  roles: readonly Role[];
}

/** A token that proves nothing: answered 401, with `description` in WWW-Authenticate. */
export class TokenRefused extends Error {
  constructor(readonly description: string) {
    super(description);
    this.name = 'TokenRefused';
  }
}

/** The key set could not be fetched: the service, not the caller, is at fault. */
export class KeySetUnavailable extends Error {
  constructor(cause: unknown) {
    super('the signing key set could not be fetched', { cause });
    this.name = 'KeySetUnavailable';
  }
}

/** Clock skew allowed between the token's issuer and this service. */
export const clockToleranceSeconds = 30;

export type TokenVerifier = (token: string) => Promise<Principal>;

/**
 * Checks signature (with the configured key's algorithms only, so never `none`),
 * issuer, audience and expiry; a token without `exp` or `sub` is refused too.
 */
export function createTokenVerifier(verification: TokenVerification): TokenVerifier {
  const options = {
    issuer: verification.issuer,
    audience: verification.audience,
    algorithms: verification.algorithms,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: clockToleranceSeconds,
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      // jose takes a key, or a function that picks one (a JWKS); the two overloads need the two calls.
      payload =
        typeof verification.key === 'function'
          ? (await jwtVerify(token, verification.key, options)).payload
          : (await jwtVerify(token, verification.key, options)).payload;
    } catch (error) {
      throw refusalOf(error, typeof verification.key === 'function');
    }
    return principalOf(payload);
  };
}

/** The claims a verified token must still pass: a subject, and roles as a list of names. */
export function principalOf(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0)
    throw new TokenRefused('the token has no subject');
  const claimed = payload.roles ?? [];
  if (!Array.isArray(claimed) || !claimed.every((role) => typeof role === 'string'))
    throw new TokenRefused('the roles claim is not a list of strings');
  // Roles this service does not know grant nothing.
  return {
    subject: payload.sub,
    roles: roles.filter((role) => claimed.includes(role)),
  };
}

function refusalOf(error: unknown, fromKeySet: boolean): unknown {
  if (error instanceof errors.JWTExpired) return new TokenRefused('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return new TokenRefused('the token is from another issuer');
      case 'aud':
        return new TokenRefused('the token is for another audience');
      case 'nbf':
        return new TokenRefused('the token is not valid yet');
      default:
        return new TokenRefused(`the token's ${error.claim} claim is missing or invalid`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return new TokenRefused('the token is signed with an algorithm this service does not accept');
  if (error instanceof errors.JWKSTimeout) return new KeySetUnavailable(error);
  if (error instanceof errors.JOSEError)
    return new TokenRefused('the token is malformed or its signature does not verify');
  // A key set that cannot be fetched fails with a network error, not a JOSE one.
  return fromKeySet ? new KeySetUnavailable(error) : error;
}
