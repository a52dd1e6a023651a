import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';

/** The env a service verifies this harness's tokens with. */
export interface LocalAuthEnv {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_JWT_SECRET: string;
}

export interface TokenClaims {
  subject: string;
  roles: readonly string[];
  /** Seconds from now; negative for a token that has already expired. Default: the LocalAuth's lifetime. */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  /** Sign with another secret: a forged token. */
  secret?: string;
}

/**
 * A signing key of one run and the tokens it mints, for the harness only: the
 * services verify, they never mint. Each LocalAuth has a fresh random HS256
 * secret unless given one (`pnpm token`, for a stack started elsewhere).
 */
export class LocalAuth {
  readonly env: LocalAuthEnv;
  private readonly lifetimeSeconds: number;
  private readonly cache = new Map<string, Promise<string>>();

  constructor(
    options: { issuer?: string; audience?: string; lifetimeSeconds?: number; secret?: string } = {},
  ) {
    this.env = {
      AUTH_ISSUER: options.issuer ?? 'sagaflow-local',
      AUTH_AUDIENCE: options.audience ?? 'sagaflow',
      AUTH_JWT_SECRET: options.secret ?? randomBytes(32).toString('base64url'),
    };
    this.lifetimeSeconds = options.lifetimeSeconds ?? 12 * 3600;
  }

  /** A signed token with exactly these claims (or the run's issuer, audience and secret). */
  mint(claims: TokenClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: [...claims.roles] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuer(claims.issuer ?? this.env.AUTH_ISSUER)
      .setAudience(claims.audience ?? this.env.AUTH_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresInSeconds ?? this.lifetimeSeconds))
      .sign(new TextEncoder().encode(claims.secret ?? this.env.AUTH_JWT_SECRET));
  }

  /** A token with `alg: none`: right claims, no signature. */
  unsigned(claims: Pick<TokenClaims, 'subject' | 'roles'>): string {
    return new UnsecuredJWT({ roles: [...claims.roles] })
      .setSubject(claims.subject)
      .setIssuer(this.env.AUTH_ISSUER)
      .setAudience(this.env.AUTH_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.lifetimeSeconds}s`)
      .encode();
  }

  /** An operator's token, minted once per subject. */
  operator(subject = 'operator'): Promise<string> {
    return this.cached(`operator:${subject}`, () => this.mint({ subject, roles: ['operator'] }));
  }

  /** A customer's token: its subject is the customer id. Minted once per customer. */
  customer(customerId: string): Promise<string> {
    return this.cached(`customer:${customerId}`, () =>
      this.mint({ subject: customerId, roles: ['customer'] }),
    );
  }

  private cached(key: string, mint: () => Promise<string>): Promise<string> {
    let token = this.cache.get(key);
    if (token === undefined) {
      token = mint();
      this.cache.set(key, token);
    }
    return token;
  }
}

/** The Authorization header of a token. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
