export { outboxStorageSettingsSql } from './storage-settings.js';
export type { DeadLetterRow, NewOutboxRow, OutboxRow } from './tables.js';
export { deadLetters, inbox, outbox } from './tables.js';
