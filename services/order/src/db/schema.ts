import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export interface RequestedLineRow {
  sku: string;
  quantity: number;
}

export interface PricedLineRow extends RequestedLineRow {
  name: string;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** An outbox message written by a transition: its publication time is looked up by id (outbox_published). */
export interface WrittenMessage {
  id: string;
  type: string;
  topic: string;
}

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    items: jsonb('items').$type<RequestedLineRow[]>().notNull(),
    lines: jsonb('lines').$type<PricedLineRow[]>(),
    totalCents: bigint('total_cents', { mode: 'number' }),
    status: text('status').notNull(),
    failureReason: text('failure_reason'),
    idempotencyKey: text('idempotency_key').unique(),
    /** sha-256 of the request body: the same key with another body is refused. */
    requestFingerprint: text('request_fingerprint'),
    /** The OpenTelemetry trace of the order (its POST /orders span's); null when tracing was off. */
    traceId: text('trace_id'),
    /** W3C traceparent of the placing span: the saga's deadline steps continue its trace. */
    traceparent: text('traceparent'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    index('orders_status_id').on(table.status, table.id),
    // A customer's orders, newest first (GET /orders as a customer, or ?customerId=).
    index('orders_customer_id_id').on(table.customerId, table.id),
  ],
);

export const orderSagas = pgTable(
  'order_sagas',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id),
    /** The machine version the saga started on; it finishes on it. */
    machineVersion: integer('machine_version').notNull(),
    state: text('state').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    /** Bumped by every event, handled or ignored: the timeline's sequence number. */
    revision: integer('revision').notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('order_sagas_deadline').on(table.deadlineAt).where(sql`deadline_at IS NOT NULL`)],
);

export const orderStatusTransitions = pgTable(
  'order_status_transitions',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    event: text('event').notNull(),
    /** transitioned | handled | ignored */
    outcome: text('outcome').notNull(),
    /** `saga` for replies, `deadline` for timers, `operator:<name>` for admin actions, `api` for the request. */
    actor: text('actor').notNull(),
    reason: text('reason'),
    /** The inbox message that drove it, when a message did. */
    messageId: uuid('message_id'),
    messages: jsonb('messages').$type<WrittenMessage[]>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.orderId, table.seq] })],
);

export const orderSchema = { orders, orderSagas, orderStatusTransitions };
export type OrderSchema = typeof orderSchema;
