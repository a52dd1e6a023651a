import type {
  CommitStock,
  OrderCancelled,
  OrderConfirmed,
  PayloadOf,
  PaymentFailed,
  PaymentProcessed,
  PaymentRefunded,
  ProcessPayment,
  RefundPayment,
  ReleaseStock,
  ReserveStock,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@sagaflow/contracts';

/** Every event carries the runner's clock, so the machine itself never reads one. */
export interface At {
  at: string;
}

export interface OperatorAction extends At {
  actor: string;
  reason: string;
}

export type ReplyEvent =
  | ({ type: 'StockReserved'; payload: PayloadOf<typeof StockReserved> } & At)
  | ({ type: 'StockReservationFailed'; payload: PayloadOf<typeof StockReservationFailed> } & At)
  | ({ type: 'StockReleased'; payload: PayloadOf<typeof StockReleased> } & At)
  | ({ type: 'PaymentProcessed'; payload: PayloadOf<typeof PaymentProcessed> } & At)
  | ({ type: 'PaymentFailed'; payload: PayloadOf<typeof PaymentFailed> } & At)
  | ({ type: 'PaymentRefunded'; payload: PayloadOf<typeof PaymentRefunded> } & At);

export type SagaEvent =
  | ReplyEvent
  | ({ type: 'DeadlineExpired' } & At)
  | ({ type: 'RetryStep' } & OperatorAction)
  | ({ type: 'ForceCompensation' } & OperatorAction)
  | ({ type: 'Resolve' } & OperatorAction);

export type SagaEventType = SagaEvent['type'];

/** What the machine asks the runner to write to the outbox; the runner adds ids and causation. */
export type SagaCommand =
  | { type: 'ReserveStock'; payload: PayloadOf<typeof ReserveStock> }
  | { type: 'ReleaseStock'; payload: PayloadOf<typeof ReleaseStock> }
  | { type: 'CommitStock'; payload: PayloadOf<typeof CommitStock> }
  | { type: 'ProcessPayment'; payload: PayloadOf<typeof ProcessPayment> }
  | { type: 'RefundPayment'; payload: PayloadOf<typeof RefundPayment> }
  | { type: 'OrderConfirmed'; payload: PayloadOf<typeof OrderConfirmed> }
  | { type: 'OrderCancelled'; payload: PayloadOf<typeof OrderCancelled> };
