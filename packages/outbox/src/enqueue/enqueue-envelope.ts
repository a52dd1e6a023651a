import type { Envelope } from '../envelope/envelope.js';
import type { NewOutboxRow } from '../schema/tables.js';
import { insertOutboxRows, type OutboxTransaction } from './enqueue.js';

/** Where an existing envelope is published again: the topic as the relay names it (no prefix), key, headers. */
export interface EnvelopeDestination {
  topic: string;
  key: string;
  headers: Record<string, string>;
}

/**
 * The outbox row that publishes `envelope` unchanged: same id, causation, correlation
 * and time. buildEnvelope of the row, which is what the relay publishes, gives the
 * envelope back, so there is still one place an envelope is assembled.
 */
export function envelopeRow(envelope: Envelope, destination: EnvelopeDestination): NewOutboxRow {
  return {
    id: envelope.id,
    topic: destination.topic,
    key: destination.key,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    aggregateType: envelope.aggregateType,
    aggregateId: envelope.aggregateId,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    payload: envelope.payload,
    headers: destination.headers,
    occurredAt: new Date(envelope.occurredAt),
  };
}

/**
 * Writes an envelope that already exists (a replayed dead letter's) to the outbox as
 * part of `tx`, to be published as it was, message id and all: a consumer that
 * handled it already skips it by its inbox. The id must not be in the outbox already.
 */
export async function enqueueEnvelope(
  tx: OutboxTransaction,
  envelope: Envelope,
  destination: EnvelopeDestination,
): Promise<void> {
  await insertOutboxRows(tx, [envelopeRow(envelope, destination)]);
}
