import type { Context } from '@opentelemetry/api';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { decodeEnvelope, type Envelope } from '../envelope/envelope.js';
import { storedContext } from '../tracing/trace-context.js';
import {
  headerProblems,
  keptPrefixChars,
  recordBytes,
  sizeProblem,
  storageProblem,
  truncate,
  valueProblem,
} from './record-checks.js';

export interface IncomingMessage<TPayload = unknown> {
  envelope: Envelope<TPayload>;
  /**
   * The message's trace context: as read, the one its producer stored in the headers;
   * as handed to a handler, the context of this message's handling span (a child of
   * the stored one). Pass it on as `causedBy.trace`: replies stay in the trace.
   */
  trace: Context;
  topic: string;
  partition: number;
  offset: string;
  /** The record key as UTF-8, or null for a record without one. */
  key: string | null;
  headers: Record<string, string>;
}

/** What the consumer knows of a record besides its envelope. */
export interface RecordInfo {
  topic: string;
  partition: number;
  /** The record key as UTF-8, or null for a record without one. */
  key: string | null;
}

/** Where a record sits, for its dead letter. */
export interface RecordLocation extends RecordInfo {
  offset: string;
}

/**
 * The envelope when it could be read and stored; otherwise the raw value as text,
 * with the id and type of an envelope that was read but cannot be stored.
 */
export type DeadLetterContent =
  | { raw: string | null; read?: Pick<Envelope, 'id' | 'type'> }
  | { envelope: Envelope };

export type Intake =
  | { accepted: true; incoming: IncomingMessage }
  | {
      accepted: false;
      location: RecordLocation;
      headers: IHeaders | undefined;
      content: DeadLetterContent;
      reason: string;
    };

export interface IntakeRules {
  maxMessageBytes: number;
  /** A reason when the envelope is well-formed but not acceptable (unknown type, bad payload, wrong key). */
  validate?: (envelope: Envelope, record: RecordInfo) => string | undefined;
}

/**
 * Reads one record into a message a handler may see, or the reason it must go to
 * dead letters unhandled: too large, empty, not an envelope, unstorable, lying
 * headers, or refused by `validate`.
 */
export function takeIn(
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'offset'>,
  topic: string,
  partition: number,
  rules: IntakeRules,
): Intake {
  const key = message.key ? message.key.toString('utf8') : null;
  const location = { topic, partition, offset: message.offset, key };
  const refuse = (reason: string, content: DeadLetterContent): Intake => ({
    accepted: false,
    location,
    headers: message.headers,
    content,
    reason,
  });
  const tooLarge = sizeProblem(recordBytes(message), rules.maxMessageBytes);
  if (tooLarge) {
    const value = message.value;
    const prefix = value
      ? truncate(value.subarray(0, keptPrefixChars + 1).toString('utf8'), keptPrefixChars)
      : null;
    return refuse(tooLarge, { raw: prefix });
  }
  const raw = { raw: message.value?.toString('utf8') ?? null };
  const empty = valueProblem(message.value);
  if (empty) return refuse(empty, raw);
  const decoded = decodeEnvelope(message.value);
  if (!decoded.ok) return refuse(decoded.reason, raw);
  const { envelope } = decoded;
  const unstorable = storageProblem(envelope);
  if (unstorable) return refuse(unstorable, { ...raw, read: envelope });
  const invalid = headerProblems(message.headers, envelope) ?? rules.validate?.(envelope, location);
  if (invalid) return refuse(invalid, { envelope });
  const headers = readHeaders(message.headers);
  return {
    accepted: true,
    incoming: {
      envelope,
      trace: storedContext(headers),
      topic,
      partition,
      offset: message.offset,
      key,
      headers,
    },
  };
}

/** Each header's first value as text; a header without a value (null from other clients) is left out. */
function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => {
      const first: Buffer | string | null | undefined = Array.isArray(value) ? value[0] : value;
      return first === undefined || first === null ? [] : [[name, first.toString()]];
    }),
  );
}
