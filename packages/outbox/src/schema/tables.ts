import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Messages committed with the business data and not yet acknowledged by the broker.
 * A row is deleted in the same transaction that records the broker's ack, so the
 * table only ever holds the backlog.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    topic: text('topic').notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    correlationId: text('correlation_id').notNull(),
    causationId: text('causation_id'),
    payload: jsonb('payload').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (table) => [
    // Per-key order: the relay reads each key's backlog from its head.
    index('outbox_key_id_idx').on(table.key, table.id),
  ],
);

/** Messages that could not be published or consumed, kept with the reason, for an operator. */
export const deadLetters = pgTable(
  'outbox_dead_letters',
  {
    id: uuid('id').primaryKey(),
    messageId: text('message_id'),
    source: text('source', { enum: ['relay', 'consumer'] }).notNull(),
    consumerGroup: text('consumer_group'),
    topic: text('topic').notNull(),
    key: text('key'),
    type: text('type'),
    partition: integer('partition'),
    offset: text('offset'),
    /** The envelope as produced, when it could be read. */
    envelope: jsonb('envelope'),
    /** The raw record value, when it could not be parsed. */
    raw: text('raw'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    reason: text('reason').notNull(),
    attempts: integer('attempts').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** When an operator resolved or replayed it; an unhandled dead letter (null) is never pruned. */
    handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }),
    /** Who handled it: `operator:<token subject>`. */
    handledBy: text('handled_by'),
    /**
     * What was done: resolved (dealt with elsewhere), replayed (its envelope enqueued
     * or handled again), or discarded (dropped on purpose, never to take effect).
     */
    handledAction: text('handled_action', { enum: ['resolved', 'replayed', 'discarded'] }),
    /** Why, in the operator's words. */
    handledReason: text('handled_reason'),
  },
  (table) => [
    index('outbox_dead_letters_failed_at_idx').on(table.failedAt),
    index('outbox_dead_letters_handled_at_idx')
      .on(table.handledAt)
      .where(sql`${table.handledAt} IS NOT NULL`),
  ],
);

/** Message ids already handled, per consumer group: the dedupe that makes redelivery harmless. */
export const inbox = pgTable(
  'inbox',
  {
    consumerGroup: text('consumer_group').notNull(),
    messageId: text('message_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The envelope's correlation id (the saga's); null for rows written before it was kept. */
    correlationId: text('correlation_id'),
    /** The envelope's type; null for rows written before it was kept. */
    messageType: text('message_type'),
  },
  (table) => [
    primaryKey({ columns: [table.consumerGroup, table.messageId] }),
    index('inbox_processed_at_idx').on(table.processedAt),
    // What one saga's messages did here: GET /messages?correlationId=.
    index('inbox_correlation_id_idx').on(table.correlationId),
  ],
);

/**
 * Messages the broker acknowledged: written by the relay in the transaction (the
 * statement) that deletes their outbox rows, so a message is in exactly one of the
 * two. Pruned by age; what a saga published, and when, is read from here.
 */
export const outboxPublished = pgTable(
  'outbox_published',
  {
    messageId: uuid('message_id').primaryKey(),
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    correlationId: text('correlation_id').notNull(),
    causationId: text('causation_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** When the relay recorded the broker's ack (the deleting statement's time). */
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    index('outbox_published_correlation_id_idx').on(table.correlationId),
    // Pruning by age walks this.
    index('outbox_published_published_at_idx').on(table.publishedAt),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type DeadLetterRow = typeof deadLetters.$inferSelect;
export type OutboxPublishedRow = typeof outboxPublished.$inferSelect;
