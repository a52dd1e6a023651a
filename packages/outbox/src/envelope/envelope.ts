import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const isoInstantPattern = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

/**
 * The wire format every sagaflow service speaks: the Kafka record value is this
 * object as JSON. The correlation id is the saga id; the causation id is the id of
 * the message whose handling produced this one (null for a message started by a
 * request).
 */
export const EnvelopeSchema = Type.Object(
  {
    id: Type.String({ pattern: uuidPattern }),
    type: Type.String({ minLength: 1, maxLength: 200 }),
    schemaVersion: Type.Integer({ minimum: 1 }),
    aggregateType: Type.String({ minLength: 1, maxLength: 200 }),
    aggregateId: Type.String({ minLength: 1, maxLength: 200 }),
    correlationId: Type.String({ minLength: 1, maxLength: 200 }),
    causationId: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]),
    occurredAt: Type.String({ pattern: isoInstantPattern }),
    payload: Type.Unknown(),
  },
  { additionalProperties: false },
);

export type Envelope<TPayload = unknown> = Omit<Static<typeof EnvelopeSchema>, 'payload'> & {
  payload: TPayload;
};

const envelopeChecker = TypeCompiler.Compile(EnvelopeSchema);

export type DecodeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/** Reads a record value; never throws, so a bad record can be dead-lettered with its reason. */
export function decodeEnvelope(value: Buffer | string | null): DecodeResult {
  if (value === null) return { ok: false, reason: 'record has no value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}` };
  }
  return checkEnvelope(parsed);
}

/** Holds a parsed value to the envelope's schema, as decodeEnvelope does; never throws. */
export function checkEnvelope(value: unknown): DecodeResult {
  if (envelopeChecker.Check(value)) return { ok: true, envelope: value as Envelope };
  const problems = [...envelopeChecker.Errors(value)]
    .slice(0, 5)
    .map((error) => `${error.path || '/'}: ${error.message}`);
  return { ok: false, reason: `value is not a valid envelope: ${problems.join('; ')}` };
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}
