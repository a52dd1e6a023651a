import { createActor, initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { SagaCommand, SagaEvent } from './events.js';
import type { OrderSagaMachine, SagaState } from './machine.js';
import type { OrderSagaContext, OrderSagaInput } from './steps.js';

/**
 * `transitioned`: the state changed; `handled`: the event was accepted and acted on
 * in place (a retry, a late reply refunded); `ignored`: the state does not accept it.
 */
export type StepOutcome = 'transitioned' | 'handled' | 'ignored';

export interface SagaStep {
  from: SagaState | null;
  to: SagaState;
  outcome: StepOutcome;
  context: OrderSagaContext;
  /** JSON to store; `advanceSaga` takes it back. */
  persisted: unknown;
  commands: SagaCommand[];
  snapshot: SnapshotFrom<OrderSagaMachine>;
}

type Actions = ReturnType<typeof transition<OrderSagaMachine>>[1];

function emittedCommands(actions: Actions): SagaCommand[] {
  return actions.flatMap((action) => {
    // The executable-action union omits xstate's built-in emit; it is there at runtime.
    const { type, params } = action as { type: string; params?: { event?: SagaCommand } };
    return type === 'xstate.emit' && params?.event !== undefined ? [params.event] : [];
  });
}

function stepOf(
  machine: OrderSagaMachine,
  from: SagaState | null,
  snapshot: SnapshotFrom<OrderSagaMachine>,
  actions: Actions,
  outcome: StepOutcome,
): SagaStep {
  return {
    from,
    to: snapshot.value as SagaState,
    outcome,
    context: snapshot.context,
    persisted: machine.getPersistedSnapshot(snapshot),
    commands: emittedCommands(actions),
    snapshot,
  };
}

export function startSaga(machine: OrderSagaMachine, input: OrderSagaInput): SagaStep {
  const [snapshot, actions] = initialTransition(machine, input);
  return stepOf(machine, null, snapshot, actions, 'transitioned');
}

export function restoreSnapshot(
  machine: OrderSagaMachine,
  persisted: unknown,
): SnapshotFrom<OrderSagaMachine> {
  // An actor that is never started runs nothing: it only revives the snapshot.
  // The input is already in the persisted context; a placeholder satisfies the types.
  return createActor(machine, {
    snapshot: persisted as SnapshotFrom<OrderSagaMachine>,
    input: undefined as unknown as OrderSagaInput,
  }).getSnapshot();
}

/** Pure: the saga's next snapshot and the commands to write, or `ignored` with nothing to do. */
export function advanceSaga(machine: OrderSagaMachine, persisted: unknown, event: SagaEvent): SagaStep {
  const current = restoreSnapshot(machine, persisted);
  const from = current.value as SagaState;
  if (!current.can(event)) return stepOf(machine, from, current, [], 'ignored');
  const [next, actions] = transition(machine, current, event);
  return stepOf(machine, from, next, actions, next.value === from ? 'handled' : 'transitioned');
}
