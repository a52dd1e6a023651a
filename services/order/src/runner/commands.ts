import { contractsByType, outgoing } from '@sagaflow/contracts';
import type { OutgoingMessage } from '@sagaflow/outbox';
import { type SagaCommand, sagaOutbox } from '../saga/events.js';

export type Causation = Pick<OutgoingMessage, 'causedBy' | 'correlationId'>;

const contracts = contractsByType(sagaOutbox);

/** The outbox message for a command the machine emitted: the contract owns topic and schema version. */
export function toOutgoing(command: SagaCommand, causation: Causation): OutgoingMessage {
  return outgoing(contracts[command.type], command.payload, causation);
}

export function statusChanged(
  orderId: string,
  from: string,
  to: string,
  at: Date,
  causation: Causation,
): OutgoingMessage {
  return toOutgoing(
    { type: 'OrderStatusChanged', payload: { orderId, from, to, at: at.toISOString() } },
    causation,
  );
}
