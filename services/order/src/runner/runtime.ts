import type { TransactionOf } from '@sagaflow/outbox';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { OrderSchema } from '../db/schema.js';
import type { SagaTimeouts } from '../saga/inspect.js';

export type OrderDatabase = NodePgDatabase<OrderSchema>;
export type OrderTransaction = TransactionOf<OrderDatabase>;

/** Settings and effects the runner depends on, passed in so tests can fix them. */
export interface SagaRuntime {
  timeouts: SagaTimeouts;
  compensationMaxAttempts: number;
  /** The version new sagas start on. */
  machineVersion: number;
  now: () => Date;
}

/** Who or what drove a step, for the timeline and for the causation of what it writes. */
export interface StepCause {
  actor: string;
  reason: string | null;
  message?: { id: string; correlationId: string; traceparent: string };
}
