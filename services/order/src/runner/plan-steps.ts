import type { OutgoingMessage } from '@sagaflow/outbox';
import type { orderStatusTransitions } from '../db/schema.js';
import { advanceSaga, type SagaStep } from '../saga/advance.js';
import type { SagaEvent } from '../saga/events.js';
import { deadlineOf, type SagaTimeouts } from '../saga/inspect.js';
import { sagaMachine } from '../saga/versions.js';
import { type Causation, statusChanged, toOutgoing } from './commands.js';
import type { StepCause } from './runtime.js';

/** A saga row as locked for the batch: what its next step starts from. */
export interface LockedSaga {
  orderId: string;
  machineVersion: number;
  state: string;
  snapshot: unknown;
  /** The seq of the saga's latest timeline row. */
  revision: number;
  deadlineAt: Date | null;
}

/** One event for one saga; a batch applies them in the order given. */
export interface SagaEventInput {
  orderId: string;
  event: SagaEvent;
  cause: StepCause;
}

/** A timeline row but the envelopes it wrote, which the sink names only when it enqueues them. */
export type TimelineRow = Omit<typeof orderStatusTransitions.$inferInsert, 'messages'>;

/** One step decided in memory: what it writes to the outbox and to the timeline. */
export interface PlannedStep {
  orderId: string;
  step: SagaStep;
  outgoing: OutgoingMessage[];
  timeline: TimelineRow;
}

/** A saga row as the batch leaves it. */
export interface SagaRowUpdate extends Omit<LockedSaga, 'machineVersion'> {
  updatedAt: Date;
}

export type OrderRowUpdate = { id: string } & ReturnType<typeof orderColumns>;

export interface StepsPlan {
  /** One per input, in input order; undefined where no saga has the input's order id. */
  steps: (PlannedStep | undefined)[];
  /** One per saga with a step, as its last step leaves it. */
  sagas: SagaRowUpdate[];
  /** One per saga whose state a step changed or acted on, as its last such step leaves it. */
  orders: OrderRowUpdate[];
}

export function causationOf(orderId: string, cause: StepCause): Causation {
  return cause.message === undefined ? { correlationId: orderId } : { causedBy: cause.message };
}

/** The order row's columns a step decides: placing an order inserts them, later steps update them. */
export function orderColumns(step: SagaStep, at: Date) {
  const { lines, totalCents, failureReason } = step.context;
  return { status: step.to, lines, totalCents, failureReason, updatedAt: at };
}

/** A step's commands, then the OrderStatusChanged of a change of state; nothing for an ignored event. */
export function outgoingOf(orderId: string, step: SagaStep, cause: StepCause, at: Date): OutgoingMessage[] {
  if (step.outcome === 'ignored') return [];
  const causation = causationOf(orderId, cause);
  return [
    ...step.commands.map((command) => toOutgoing(command, causation)),
    ...(step.from !== null && step.from !== step.to
      ? [statusChanged(orderId, step.from, step.to, at, causation)]
      : []),
  ];
}

export function timelineRowOf(
  orderId: string,
  seq: number,
  event: string,
  step: SagaStep,
  cause: StepCause,
  at: Date,
): TimelineRow {
  const refusal = step.outcome === 'ignored' ? `${step.from ?? 'new'} does not accept ${event}` : null;
  return {
    orderId,
    seq,
    at,
    fromState: step.from,
    toState: step.to,
    event,
    outcome: step.outcome,
    actor: cause.actor,
    reason: cause.reason ?? refusal,
    messageId: cause.message?.id ?? null,
  };
}

/**
 * Pure: advances the locked sagas by the inputs, in order. A saga's step starts
 * from its previous step of the batch, as it would from the row that step wrote;
 * an ignored event leaves the saga as it was but for its revision.
 */
export function planSteps(
  locked: readonly LockedSaga[],
  inputs: readonly SagaEventInput[],
  timeouts: SagaTimeouts,
): StepsPlan {
  const current = new Map(locked.map((saga) => [saga.orderId, saga]));
  const sagas = new Map<string, SagaRowUpdate>();
  const orders = new Map<string, OrderRowUpdate>();
  const steps = inputs.map(({ orderId, event, cause }): PlannedStep | undefined => {
    const saga = current.get(orderId);
    if (saga === undefined) return undefined;
    const step = advanceSaga(sagaMachine(saga.machineVersion), saga.snapshot, event);
    const seq = saga.revision + 1;
    const at = new Date(event.at);
    const acted = step.outcome !== 'ignored';
    const next: LockedSaga = acted
      ? {
          ...saga,
          state: step.to,
          snapshot: asStored(step.persisted),
          revision: seq,
          deadlineAt: deadlineOf(step.snapshot, timeouts),
        }
      : { ...saga, revision: seq };
    current.set(orderId, next);
    sagas.set(orderId, {
      orderId,
      state: next.state,
      snapshot: next.snapshot,
      revision: seq,
      deadlineAt: next.deadlineAt,
      updatedAt: at,
    });
    if (acted) orders.set(orderId, { id: orderId, ...orderColumns(step, at) });
    return {
      orderId,
      step,
      outgoing: outgoingOf(orderId, step, cause, at),
      timeline: timelineRowOf(orderId, seq, event.type, step, cause, at),
    };
  });
  return { steps, sagas: [...sagas.values()], orders: [...orders.values()] };
}

/** The snapshot as a jsonb column hands it back: the next step of the batch must see no more than that. */
function asStored(persisted: unknown): unknown {
  return JSON.parse(JSON.stringify(persisted));
}
