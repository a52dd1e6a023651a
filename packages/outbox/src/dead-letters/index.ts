export { type DeadLetterCursor, decodeCursor, encodeCursor, maxCursorLength } from './cursor.js';
export {
  type DeadLetterPage,
  type DeadLetterQuery,
  type DeadLetterStatus,
  deadLetterStatuses,
  listDeadLetters,
  maxDeadLetterPage,
} from './list-dead-letters.js';
export type { DeadLetterHandlingInput } from './mark-handled.js';
export { readDeadLetter } from './read-dead-letter.js';
export { type ReplayOutcome, replayDeadLetter } from './replay-dead-letter.js';
export { planReplay, type ReplayPlan } from './replay-plan.js';
export { type HandleOutcome, resolveDeadLetter } from './resolve-dead-letter.js';
export {
  type DeadLetter,
  type DeadLetterAction,
  type DeadLetterHandling,
  type DeadLetterReader,
  type DeadLetterSummary,
  deadLetterActions,
} from './view.js';
