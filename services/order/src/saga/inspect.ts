import type { SnapshotFrom } from 'xstate';
import type { SagaEventType } from './events.js';
import type { OrderSagaMachine } from './machine.js';
import type { DeadlineKind } from './steps.js';

export type SagaTimeouts = Record<DeadlineKind, number>;

export interface AcceptedEvent {
  event: SagaEventType;
  /** When a `DeadlineExpired` fires if none of the others came first; null when nothing is timed. */
  deadline: string | null;
}

function deadlineKindOf(snapshot: SnapshotFrom<OrderSagaMachine>): DeadlineKind | undefined {
  const meta = Object.values(snapshot.getMeta()) as ({ deadline?: DeadlineKind } | undefined)[];
  return meta.find((entry) => entry?.deadline !== undefined)?.deadline;
}

/** When the step the saga waits on times out, or null when it waits on nothing timed. */
export function deadlineOf(snapshot: SnapshotFrom<OrderSagaMachine>, timeouts: SagaTimeouts): Date | null {
  const kind = deadlineKindOf(snapshot);
  if (kind === undefined) return null;
  return new Date(Date.parse(snapshot.context.stepStartedAt) + timeouts[kind]);
}

/** The events the current state has a transition for, each with the state's deadline. */
export function acceptedEvents(
  machine: OrderSagaMachine,
  snapshot: SnapshotFrom<OrderSagaMachine>,
  timeouts: SagaTimeouts,
): AcceptedEvent[] {
  const node = machine.states[snapshot.value as keyof typeof machine.states];
  if (node === undefined) return [];
  const deadline = deadlineOf(snapshot, timeouts)?.toISOString() ?? null;
  return (node.ownEvents as SagaEventType[]).map((event) => ({ event, deadline }));
}

export function isTerminal(snapshot: SnapshotFrom<OrderSagaMachine>): boolean {
  return snapshot.hasTag('terminal');
}
