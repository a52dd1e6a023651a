/** The operator's bearer token, kept for this tab only (sessionStorage), and what the console shows of it. */

const tokenKey = 'sagaflow.console.token';
const problemKey = 'sagaflow.console.signInProblem';

export function storedToken(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(tokenKey, token.trim());
  sessionStorage.removeItem(problemKey);
}

/** Forgets the token; `problem` (why, e.g. the 401's detail) is shown on the sign-in page. */
export function forgetToken(problem?: string): void {
  sessionStorage.removeItem(tokenKey);
  if (problem === undefined) sessionStorage.removeItem(problemKey);
  else sessionStorage.setItem(problemKey, problem);
}

export function signInProblem(): string | null {
  return sessionStorage.getItem(problemKey);
}

/**
 * The JWT payload's `sub`, for display only: the console never trusts it, the
 * services check the token. Null when the token is not a readable JWT.
 */
export function subjectOf(token: string): string | null {
  const payload = token.split('.')[1];
  if (payload === undefined || payload === '') return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null || !('sub' in claims)) return null;
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}
