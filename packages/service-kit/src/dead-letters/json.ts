import type { DeadLetter, DeadLetterHandling, DeadLetterSummary, ReplayOutcome } from '@sagaflow/outbox';
import { assertNever } from '../assert-never.js';
import { ProblemError } from '../http/problem.js';

export function notFound(id: string): ProblemError {
  return new ProblemError(404, 'Dead letter not found', `No dead letter has id ${id}`);
}

function alreadyHandled(id: string, handled: DeadLetterHandling | null): string {
  const how = handled?.action ?? 'handled';
  const by = handled?.by === null || handled?.by === undefined ? '' : ` by ${handled.by}`;
  return `dead letter ${id} was ${how}${by} at ${handled?.at.toISOString() ?? 'an unknown time'}; it is not handled again`;
}

/** The problem an operation's refusal is answered with; undefined when it handled the dead letter. */
export function problemOf(id: string, outcome: ReplayOutcome): ProblemError | undefined {
  switch (outcome.kind) {
    case 'handled':
      return undefined;
    case 'notFound':
      return notFound(id);
    case 'alreadyHandled':
      return new ProblemError(409, 'Already handled', alreadyHandled(id, outcome.deadLetter.handled));
    case 'notReplayable':
      return new ProblemError(422, 'Cannot be replayed', outcome.problem);
    case 'handlingFailed':
      return new ProblemError(
        409,
        'Handling failed again',
        `dead letter ${id} stays unhandled; its handler failed: ${outcome.problem}`,
      );
    default:
      return assertNever(outcome);
  }
}

function handlingJson(handled: DeadLetterHandling | null) {
  return handled === null ? null : { ...handled, at: handled.at.toISOString() };
}

export function summaryJson(summary: DeadLetterSummary) {
  return { ...summary, failedAt: summary.failedAt.toISOString(), handled: handlingJson(summary.handled) };
}

export function deadLetterJson(deadLetter: DeadLetter) {
  return {
    ...summaryJson(deadLetter),
    envelope: deadLetter.envelope,
    raw: deadLetter.raw,
    headers: deadLetter.headers,
  };
}
