export { type CorrelationMessages, maxCorrelationRows, readCorrelation } from './read-correlation.js';
export { type OutboxStatus, readOutboxStatus } from './read-outbox-status.js';
