/** What a CLI asks a service, as data: built by pure code, sent by the one adapter (./http.ts). */
export interface CliRequest {
  method: 'GET' | 'POST';
  /** Path and query, from the service's root. */
  path: string;
  body?: unknown;
}

/** What the service answered: its status and its body, parsed JSON, or the text when it was not JSON. */
export interface CliAnswer {
  status: number;
  body: unknown;
}

/** What a command prints and how it exits: formatters return it, the entry writes it. */
export interface CliOutput {
  out: string[];
  err: string[];
  exitCode: number;
}

export const printed = (out: string[], exitCode = 0): CliOutput => ({ out, err: [], exitCode });

/** The query of a request, its undefined values left out. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) query.set(name, String(value));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A failed answer, one line on stderr and exit 1: "<status> <title>: <detail>" for
 * problem+json (its field problems after), else the status and whatever came back.
 */
export function problemOutput({ status, body }: CliAnswer): CliOutput {
  if (typeof body === 'object' && body !== null && typeof (body as { title?: unknown }).title === 'string') {
    const { title, detail, errors } = body as { title: string; detail?: unknown; errors?: unknown };
    const detailText = typeof detail === 'string' && detail !== '' ? `: ${detail}` : '';
    // Each field the detail does not already name gets a line of its own.
    const fields = Array.isArray(errors)
      ? errors.flatMap((error: { field?: unknown; message?: unknown }) =>
          typeof error?.field === 'string' && !detailText.includes(error.field)
            ? [`  ${error.field}: ${String(error.message)}`]
            : [],
        )
      : [];
    return { out: [], err: [`${status} ${title}${detailText}`, ...fields], exitCode: 1 };
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { out: [], err: [`${status} ${text === '' ? 'no body' : text}`], exitCode: 1 };
}

/** Longer text cut to `max` characters, its end marked, on one line. */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
