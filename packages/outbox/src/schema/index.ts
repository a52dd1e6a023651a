export { outboxStorageSettingsSql } from './storage-settings.js';
export type { DeadLetterRow, NewOutboxRow, OutboxPublishedRow, OutboxRow } from './tables.js';
export { deadLetters, inbox, outbox, outboxPublished } from './tables.js';
