import type { Envelope, OutgoingMessage } from '@sagaflow/outbox';
import { type MessageContract, orderAggregateType, type PayloadOf } from '../messages/define.js';

/** A decoded message of one of `TContracts`, narrowed by `type`. */
export type MessageOf<TContracts extends readonly MessageContract[]> = {
  [K in keyof TContracts]: { type: TContracts[K]['type']; payload: PayloadOf<TContracts[K]> };
}[number];

export type ParseResult<TContracts extends readonly MessageContract[]> =
  | { ok: true; message: MessageOf<TContracts> }
  | { ok: false; reason: string };

/**
 * Checks an envelope against the contracts a consumer understands. Never throws:
 * the reason names what is wrong, so the record can be dead-lettered with it.
 */
export function parseMessage<const TContracts extends readonly MessageContract[]>(
  contracts: TContracts,
  envelope: Envelope,
): ParseResult<TContracts> {
  const versions = contracts.filter((contract) => contract.type === envelope.type);
  if (versions.length === 0) {
    const known = contracts.map((contract) => contract.type).join(', ');
    return { ok: false, reason: `unknown message type '${envelope.type}' (this consumer reads ${known})` };
  }
  const contract = versions.find((candidate) => candidate.schemaVersion === envelope.schemaVersion);
  if (contract === undefined) {
    const known = versions.map((candidate) => candidate.schemaVersion).join(', ');
    return {
      ok: false,
      reason: `schema version ${envelope.schemaVersion} of '${envelope.type}' is not understood here (known: ${known})`,
    };
  }
  if (!contract.checker.Check(envelope.payload)) {
    const problems = [...contract.checker.Errors(envelope.payload)]
      .slice(0, 5)
      .map((error) => `${error.path || '/'}: ${error.message}`);
    return { ok: false, reason: `invalid '${envelope.type}' payload: ${problems.join('; ')}` };
  }
  const payload = envelope.payload as { orderId?: unknown };
  if (payload.orderId !== envelope.aggregateId) {
    return {
      ok: false,
      reason: `payload orderId ${String(payload.orderId)} is not the aggregate id ${envelope.aggregateId}`,
    };
  }
  return { ok: true, message: { type: contract.type, payload: envelope.payload } as MessageOf<TContracts> };
}

/**
 * The outbox message for `payload` under `contract`: its topic, type, schema version
 * and key come from the contract, never from the caller.
 */
export function outgoing<TContract extends MessageContract>(
  contract: TContract,
  payload: PayloadOf<TContract> & { orderId: string },
  options: Pick<OutgoingMessage, 'causedBy' | 'trace' | 'correlationId'> = {},
): OutgoingMessage<PayloadOf<TContract>> {
  return {
    topic: contract.topic,
    type: contract.type,
    schemaVersion: contract.schemaVersion,
    aggregateType: orderAggregateType,
    aggregateId: payload.orderId,
    key: payload.orderId,
    correlationId: options.correlationId ?? options.causedBy?.correlationId ?? payload.orderId,
    payload,
    ...(options.causedBy === undefined ? {} : { causedBy: options.causedBy }),
    ...(options.trace === undefined ? {} : { trace: options.trace }),
  };
}
