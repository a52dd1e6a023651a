import { forgetToken, storedToken } from '../auth.js';
import { navigate } from '../router.js';
import type { Problem, ServiceName } from './types.js';

/** A request's failure as a problem: the service's problem+json, or one made up for what had none. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

/** The console was not told where this service is (config.json): nothing to ask, nothing to retry. */
export class NotConfigured extends Error {
  constructor(readonly service: ServiceName) {
    super(`The ${service} service is not configured`);
    this.name = 'NotConfigured';
  }
}

export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const { title, detail, errors } = error.problem;
    const fields = errors?.map((field) => `${field.field}: ${field.message}`).join('; ');
    return [title, detail, fields].filter((part) => part !== undefined && part !== '').join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'title' in body && typeof body.title === 'string';
}

async function problemOf(response: Response, url: string): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isProblem(body)) return { ...body, status: response.status };
  } catch {
    // Not JSON: a proxy's or a static server's page; the status says enough.
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `${url} answered HTTP ${response.status} without a problem document`,
  };
}

/** Longer than any answer of ours takes; a request past it is reported, and polling goes on. */
export const requestTimeoutMs = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Public routes (the console's config) go without the token. */
  anonymous?: boolean;
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = storedToken();
  if (!options.anonymous && token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      // A service that hangs must not hang the page: its panel shows the failure instead.
      signal: AbortSignal.timeout(requestTimeoutMs),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'The service could not be reached',
      status: 0,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response, url));
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, {
      type: 'about:blank',
      title: 'The answer was not JSON',
      status: response.status,
      detail: `${url} answered ${response.headers.get('content-type') ?? 'without a content type'}`,
    });
  }
}

/** A 401 anywhere: the token is gone or bad; back to sign-in, showing why. */
export function onApiError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    forgetToken(error.problem.detail ?? error.problem.title);
    navigate('/sign-in');
  }
}

export function retryable(failures: number, error: unknown): boolean {
  if (error instanceof NotConfigured) return false;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}
