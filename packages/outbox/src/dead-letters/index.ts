export {
  type BulkResult,
  type BulkSelection,
  inBulk,
  maxBulkDeadLetters,
  selectUnhandledDeadLetters,
} from './bulk.js';
export { type DeadLetterCursor, decodeCursor, encodeCursor, maxCursorLength } from './cursor.js';
export { discardDeadLetter } from './discard-dead-letter.js';
export { type DeadLetterFilter, deadLetterFilterSql, deadLetterSources } from './filter.js';
export { HandlingFailedError } from './handling-failed.js';
export { inOwnTransaction } from './in-own-transaction.js';
export {
  type DeadLetterPage,
  type DeadLetterQuery,
  type DeadLetterStatus,
  deadLetterStatuses,
  listDeadLetters,
  maxDeadLetterPage,
} from './list-dead-letters.js';
export type { DeadLetterHandlingInput } from './mark-handled.js';
export type { HandleOutcome, ReplayOutcome } from './outcomes.js';
export { readDeadLetter } from './read-dead-letter.js';
export { type ReplayOptions, replayDeadLetter } from './replay-dead-letter.js';
export { planReplay, type ReplayPlan } from './replay-plan.js';
export { type InboxReplay, replayThroughInbox } from './replay-through-inbox.js';
export { resolveDeadLetter } from './resolve-dead-letter.js';
export {
  type DeadLetter,
  type DeadLetterAction,
  type DeadLetterHandling,
  type DeadLetterReader,
  type DeadLetterSummary,
  deadLetterActions,
} from './view.js';
