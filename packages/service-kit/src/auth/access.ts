import type { Principal, Role } from './verify.js';

/**
 * Who may call a route, declared on the route itself (`config: { access: [...] }`):
 * the roles of which the caller needs at least one. What a role may then do with
 * which rows (a customer's own orders) the route decides from `request.principal`.
 */
export type Access = readonly [Role, ...Role[]];

/** Served to anyone: probes, metrics, the API document. A route outside this list must declare its access. */
export function isPublicPath(url: string): boolean {
  return (
    url === '/health' || url === '/ready' || url === '/metrics' || url === '/docs' || url.startsWith('/docs/')
  );
}

export type AccessDecision = { kind: 'allowed' } | { kind: 'forbidden'; description: string };

export function decideAccess(access: Access, principal: Principal): AccessDecision {
  if (access.some((role) => principal.roles.includes(role))) return { kind: 'allowed' };
  return {
    kind: 'forbidden',
    description: `this route needs the role ${access.join(' or ')}`,
  };
}

/**
 * The bearer token of an Authorization header (RFC 6750 §2.1), or why there is
 * none: `missing` for no header or another scheme, `malformed` for a Bearer
 * header without a well-formed token.
 */
export function bearerTokenOf(
  header: string | undefined,
): { token: string } | { problem: 'missing' | 'malformed' } {
  if (header === undefined || header === '') return { problem: 'missing' };
  const match = /^Bearer(?: +(.*))?$/i.exec(header.trim());
  if (match === null) return { problem: 'missing' };
  const token = match[1]?.trim() ?? '';
  // b64token of RFC 6750: what a compact JWS is made of.
  return /^[A-Za-z0-9\-._~+/]+=*$/.test(token) ? { token } : { problem: 'malformed' };
}

/** The WWW-Authenticate value of a refusal (RFC 6750 §3); descriptions are this module's own text. */
export function challengeOf(error?: {
  code: 'invalid_token' | 'insufficient_scope';
  description: string;
}): string {
  const realm = 'Bearer realm="sagaflow"';
  return error === undefined
    ? realm
    : `${realm}, error="${error.code}", error_description="${error.description}"`;
}
