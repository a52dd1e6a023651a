import type { StepOutcome } from '../saga/advance.js';
import type { SagaState } from '../saga/machine.js';
import { terminalStates } from '../saga/versions.js';
import type { PlannedStep } from './plan-steps.js';
import type { OrderTransaction } from './runtime.js';

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

const terminal: ReadonlySet<string> = new Set(terminalStates);

/** Pure: the observed form of planned steps, given when each saga's order was placed. */
export function observedSteps(
  planned: readonly (PlannedStep | undefined)[],
  placedAt: ReadonlyMap<string, Date>,
): ObservedStep[] {
  return planned.flatMap((each) => {
    if (each === undefined) return [];
    const { step, timeline, orderId } = each;
    const observed: ObservedStep = {
      from: step.from,
      to: step.to,
      event: timeline.event,
      outcome: step.outcome,
    };
    const placed = placedAt.get(orderId);
    if (step.outcome === 'transitioned' && terminal.has(step.to) && placed !== undefined) {
      observed.sagaSeconds = Math.max(0, (timeline.at.getTime() - placed.getTime()) / 1000);
    }
    return [observed];
  });
}
