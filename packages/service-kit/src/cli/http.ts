import type { CliAnswer, CliOutput, CliRequest } from './answer.js';

/** The CLIs' one IO: a request to the service with the operator's token. */
export async function sendCliRequest(url: string, token: string, request: CliRequest): Promise<CliAnswer> {
  const response = await fetch(`${url.replace(/\/+$/, '')}${request.path}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, say): the text is shown as it came.
  }
  return { status: response.status, body };
}

/** Writes a command's output: stdout, stderr, and the exit code for the caller to set. */
export function writeCliOutput({ out, err, exitCode }: CliOutput): number {
  for (const line of out) console.log(line);
  for (const line of err) console.error(line);
  return exitCode;
}

/** Why a request got no answer, with fetch's cause (ECONNREFUSED, say), which its message hides. */
export function requestFailure(url: string, error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : undefined;
  return `request to ${url} failed: ${(error as Error).message}${why === undefined ? '' : ` (${why})`}`;
}
