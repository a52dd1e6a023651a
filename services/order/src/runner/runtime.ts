import type { Context } from '@opentelemetry/api';
import type { MessageSink } from '@sagaflow/service-kit';
import type { SagaTimeouts } from '../saga/inspect.js';
import type { SagaObserver } from './saga-observer.js';

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
