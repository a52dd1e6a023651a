import type { Context } from '@opentelemetry/api';
import type { MessageSink } from '@sagaflow/service-kit';
import type { OrderTransaction } from '../db/database.js';
import type { StepOutcome } from '../saga/advance.js';
import type { SagaTimeouts } from '../saga/inspect.js';
import type { SagaState } from '../saga/machine.js';

export type { OrderDatabase, OrderTransaction } from '../db/database.js';

/** Settings and effects the runner depends on, passed in so tests can fix them. */
export interface SagaRuntime {
  timeouts: SagaTimeouts;
  compensationMaxAttempts: number;
  /** The version new sagas start on. */
  machineVersion: number;
  now: () => Date;
  /** Where a step's commands and events go: the kit's sink. */
  sink: MessageSink;
  /** Told of every step written, e.g. to count it; none when left out. */
  observer?: SagaObserver;
}

/** Who or what drove a step, for the timeline and for the causation of what it writes. */
export interface StepCause {
  actor: string;
  reason: string | null;
  /** The message handled; its handling span's context (`trace`) is what the step's messages continue. */
  message?: { id: string; correlationId: string; trace: Context };
}

/** A step as written: what a metric counts. */
export interface ObservedStep {
  /** `null` for the step that starts a saga. */
  from: SagaState | null;
  to: SagaState;
  event: string;
  outcome: StepOutcome;
  /** Set on the step that ended the saga: seconds from placing the order to this step. */
  sagaSeconds?: number;
}

/**
 * Told of the steps a transaction wrote. It must count them only once that
 * transaction has committed (`afterCommit`): a step that rolls back never happened.
 */
export interface SagaObserver {
  written(tx: OrderTransaction, steps: readonly ObservedStep[]): void;
}

export const noSagaObserver: SagaObserver = { written() {} };
