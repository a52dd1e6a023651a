export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'HttpError';
  }
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const requestTimeoutMs = 10_000;

/** One JSON request; any status outside `accept` is an HttpError carrying the body. */
export async function requestJson<T>(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; accept?: readonly number[] } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const text = await response.text();
  const accept = options.accept ?? [200, 201, 202];
  if (!accept.includes(response.status)) throw new HttpError(method, url, response.status, text);
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? null : JSON.parse(text)) as T,
  };
}
