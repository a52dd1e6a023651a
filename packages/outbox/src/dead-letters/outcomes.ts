import type { DeadLetter } from './view.js';

/** What became of an operator's resolve or discard. */
export type HandleOutcome =
  | { kind: 'handled'; deadLetter: DeadLetter }
  | { kind: 'notFound' }
  | { kind: 'alreadyHandled'; deadLetter: DeadLetter };

/** What became of an operator's replay. */
export type ReplayOutcome =
  | HandleOutcome
  | { kind: 'notReplayable'; problem: string; deadLetter: DeadLetter }
  /** Handled through the inbox, the handler threw (or refused it) again: nothing committed. */
  | { kind: 'handlingFailed'; problem: string };
