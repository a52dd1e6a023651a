import {
  CommitStock,
  OrderCancelled,
  OrderConfirmed,
  OrderStatusChanged,
  outgoing,
  ProcessPayment,
  RefundPayment,
  ReleaseStock,
  ReserveStock,
} from '@sagaflow/contracts';
import type { OutgoingMessage } from '@sagaflow/outbox';
import type { SagaCommand } from '../saga/events.js';

export type Causation = Pick<OutgoingMessage, 'causedBy' | 'correlationId'>;

/** The outbox message for a command the machine emitted: the contract owns topic and schema version. */
export function toOutgoing(command: SagaCommand, causation: Causation): OutgoingMessage {
  switch (command.type) {
    case 'ReserveStock':
      return outgoing(ReserveStock, command.payload, causation);
    case 'ReleaseStock':
      return outgoing(ReleaseStock, command.payload, causation);
    case 'CommitStock':
      return outgoing(CommitStock, command.payload, causation);
    case 'ProcessPayment':
      return outgoing(ProcessPayment, command.payload, causation);
    case 'RefundPayment':
      return outgoing(RefundPayment, command.payload, causation);
    case 'OrderConfirmed':
      return outgoing(OrderConfirmed, command.payload, causation);
    case 'OrderCancelled':
      return outgoing(OrderCancelled, command.payload, causation);
    default: {
      const unhandled: never = command;
      throw new Error(`no contract for command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function statusChanged(
  orderId: string,
  from: string,
  to: string,
  at: Date,
  causation: Causation,
): OutgoingMessage {
  return outgoing(OrderStatusChanged, { orderId, from, to, at: at.toISOString() }, causation);
}
