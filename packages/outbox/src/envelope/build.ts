import { type Envelope, EnvelopeSchema } from './envelope.js';

/**
 * What an envelope is made of. The fields are the schema's; only the ones with an
 * obvious value for a message started by a request may be left out, and the time
 * is a Date so that its wire format is chosen here and nowhere else.
 */
export type EnvelopeParts<TPayload = unknown> = Omit<
  Envelope<TPayload>,
  'schemaVersion' | 'causationId' | 'occurredAt'
> & {
  schemaVersion?: number;
  causationId?: string | null;
  occurredAt: Date;
};

/**
 * Every envelope field, in wire order, read off the schema: code that maps the
 * envelope onto something else (the outbox's columns) iterates this instead of
 * listing the fields again.
 */
export const envelopeFields = Object.keys(EnvelopeSchema.properties) as ReadonlyArray<keyof Envelope>;

/**
 * The one place an envelope is assembled. Extra properties of `parts` (an outbox
 * row's topic, key, headers) are left behind, so a row can be passed as it is.
 */
export function buildEnvelope<TPayload>(parts: EnvelopeParts<TPayload>): Envelope<TPayload> {
  return {
    id: parts.id,
    type: parts.type,
    schemaVersion: parts.schemaVersion ?? 1,
    aggregateType: parts.aggregateType,
    aggregateId: parts.aggregateId,
    correlationId: parts.correlationId,
    causationId: parts.causationId ?? null,
    occurredAt: parts.occurredAt.toISOString(),
    payload: parts.payload,
  };
}

/**
 * buildEnvelope's time format as a Postgres to_char pattern: what toISOString()
 * writes, milliseconds and all, so an envelope built in SQL is the one built in JS.
 */
const isoInstantToChar = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * buildEnvelope as a Postgres expression yielding the envelope's JSON text, for a
 * hot path that should not round-trip every payload through JS. `columnOf` names
 * the SQL that reads a field; every field is taken, in wire order, from envelopeFields.
 */
export function envelopeJsonSql(columnOf: (field: keyof Envelope) => string): string {
  const pairs = envelopeFields.map((field) => {
    const column = columnOf(field);
    const value =
      field === 'occurredAt' ? `to_char(${column} at time zone 'UTC', ${isoInstantToChar})` : column;
    return `'${field}', ${value}`;
  });
  return `json_build_object(${pairs.join(', ')})::text`;
}
