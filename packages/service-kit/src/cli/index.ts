export {
  type CliAnswer,
  type CliOutput,
  type CliRequest,
  printed,
  problemOutput,
  queryString,
  truncate,
} from './answer.js';
export { runDeadLettersCli } from './dead-letters.js';
export {
  type CliService,
  type DeadLetterAction,
  type DeadLetterCommand,
  type DeadLetterFilter,
  deadLettersUsage,
  maxBulkLimit,
  parseDeadLetterArgs,
} from './dead-letters-args.js';
export {
  type BulkDeadLetterAnswer,
  type DeadLetterJson,
  type DeadLetterSummaryJson,
  deadLetterLine,
  deadLetterLines,
  formatDeadLetterAnswer,
} from './dead-letters-format.js';
export { deadLetterRequest } from './dead-letters-requests.js';
export { requestFailure, sendCliRequest, writeCliOutput } from './http.js';
