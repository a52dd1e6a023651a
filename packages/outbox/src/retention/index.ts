export { deleteOlderThan, type PruneBatch } from './delete-older-than.js';
export { pruneHandledDeadLetters } from './prune-dead-letters.js';
export { pruneInbox } from './prune-inbox.js';
export { prunePublished } from './prune-published.js';
