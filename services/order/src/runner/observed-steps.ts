import { terminalStates } from '../saga/versions.js';
import type { PlannedStep } from './plan-steps.js';
import type { ObservedStep } from './runtime.js';

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
