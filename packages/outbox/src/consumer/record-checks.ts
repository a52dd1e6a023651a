import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { Envelope } from '../envelope/envelope.js';

/** kafkajs's own default for one partition's share of a fetch. */
export const defaultMaxMessageBytes = 1024 * 1024;

/** Headers the relay writes on every record; the consumer holds them to the envelope. */
const identityHeaders = [
  ['message-id', 'id'],
  ['message-type', 'type'],
] as const;

/** Deeper payloads cannot be serialised to jsonb (JSON.stringify overflows the stack first). */
export const maxEnvelopeDepth = 64;

/** How much of a dead-lettered record's key, header values and oversized value is kept. */
export const keptPrefixChars = 1024;

type HeaderValue = IHeaders[string];

/**
 * A header's values, repeated or not. Other clients may send a header with a null
 * value, which kafkajs hands over as null although its types do not say so.
 */
function valuesOf(value: HeaderValue | null): (Buffer | string | null)[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Key, value and headers: what the record costs to fetch and hold. */
export function recordBytes(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): number {
  let bytes = (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const item of valuesOf(value)) {
      bytes += Buffer.byteLength(name) + (item === null ? 0 : Buffer.byteLength(item));
    }
  }
  return bytes;
}

const number = new Intl.NumberFormat('en-US');

/** Size first: a record over the limit is refused before anything reads it. */
export function sizeProblem(bytes: number, limit: number): string | undefined {
  if (bytes <= limit) return undefined;
  return `record of ${number.format(bytes)} bytes exceeds the ${number.format(limit)}-byte limit`;
}

/** A tombstone (null value) or an empty value, which decoding would only call "not JSON". */
export function valueProblem(value: Buffer | null): string | undefined {
  if (value === null) return 'record has no value (a tombstone)';
  if (value.length === 0) return 'record value is empty';
  return undefined;
}

const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character';
  if (text.search(loneSurrogates) !== -1) return 'an unpaired UTF-16 surrogate';
  return undefined;
}

/**
 * Postgres text and jsonb cannot hold NUL characters or unpaired surrogates, and a
 * deeply nested value overflows JSON.stringify: an envelope with any of these could
 * be neither handled nor dead-lettered as an envelope. Iterative, so a hostile
 * nesting depth cannot overflow this check either.
 */
export function storageProblem(envelope: Envelope): string | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value: envelope, path: '', depth: 0 },
  ];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, path, depth } = item;
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) return `envelope holds ${problem} at ${path || '/'}, which Postgres cannot store`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxEnvelopeDepth) return `envelope is nested deeper than ${maxEnvelopeDepth} levels`;
    for (const [name, child] of Object.entries(value)) {
      const problem = unstorableText(name);
      if (problem) return `envelope holds ${problem} in a property name under ${path || '/'}`;
      pending.push({ value: child, path: `${path}/${name}`, depth: depth + 1 });
    }
  }
  return undefined;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The relay's identity headers, when present, must be single UTF-8 values that agree
 * with the envelope: otherwise it is unclear which id dedupes the record. Other
 * headers are not sagaflow's contract and are never a reason; an invalid
 * `traceparent` only starts a new trace, as W3C trace context prescribes.
 */
export function headerProblems(headers: IHeaders | undefined, envelope: Envelope): string | undefined {
  const problems: string[] = [];
  for (const [name, field] of identityHeaders) {
    const values = valuesOf(headers?.[name]);
    if (values.length === 0) continue;
    if (values.length > 1) {
      problems.push(`header ${name} appears ${values.length} times`);
      continue;
    }
    const [value] = values as [Buffer | string | null];
    if (value === null) {
      problems.push(`header ${name} has no value`);
      continue;
    }
    if (typeof value !== 'string' && !isUtf8(value)) {
      problems.push(`header ${name} is not UTF-8 text`);
      continue;
    }
    const text = value.toString();
    if (text !== envelope[field]) {
      problems.push(
        `header ${name} '${truncate(text, 100)}' does not match the envelope ${field} '${envelope[field]}'`,
      );
    }
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}

export function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}…`;
}

/** Text Postgres can store: NUL and unpaired surrogates become U+FFFD. */
export function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(loneSurrogates, '\uFFFD');
}

/** Header values as text for a dead letter: storable, bounded, a repeated header's first value. */
export function storableHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => {
      const first = valuesOf(value)[0];
      if (first === undefined || first === null) return [];
      return [[storable(truncate(name, 200)), storable(truncate(first.toString(), keptPrefixChars))]];
    }),
  );
}
