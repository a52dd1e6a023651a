import {
  inventoryCommands,
  type MessageOf,
  orderEvents,
  paymentCommands,
  type sagaReplies,
} from '@sagaflow/contracts';

/** Every event carries the runner's clock, so the machine itself never reads one. */
export interface At {
  at: string;
}

export interface OperatorAction extends At {
  actor: string;
  reason: string;
}

/** A participant's reply as the machine sees it: the contract's message, stamped when it was handled. */
export type ReplyEvent = MessageOf<typeof sagaReplies> & At;

export type SagaEvent =
  | ReplyEvent
  | ({ type: 'DeadlineExpired' } & At)
  | ({ type: 'RetryStep' } & OperatorAction)
  | ({ type: 'ForceCompensation' } & OperatorAction)
  | ({ type: 'Resolve' } & OperatorAction);

export type SagaEventType = SagaEvent['type'];

/** What the order service writes: the participants' commands and the order's own events. */
export const sagaOutbox = [...inventoryCommands, ...paymentCommands, ...orderEvents] as const;

/**
 * What the machine asks the runner to write to the outbox; the runner adds ids and
 * causation, and the OrderStatusChanged of each change of state.
 */
export type SagaCommand = MessageOf<typeof sagaOutbox>;
