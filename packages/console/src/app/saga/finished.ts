import type { OrderView, SagaMachine } from '../api/types.js';

/**
 * Whether the saga is over: its state is terminal in its machine (GET /saga/machine).
 * Before the machine has loaded (or when it cannot be), a saga that accepts no event is.
 */
export function sagaFinished(saga: OrderView['saga'], machine: SagaMachine | undefined): boolean {
  const state = machine?.states.find((candidate) => candidate.name === saga.state);
  if (state !== undefined) return state.terminal;
  return saga.accepts.length === 0;
}
