import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const paymentStatuses = ['charged', 'failed', 'refunded', 'voided'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const paymentFailureReasons = ['insufficient_funds', 'wallet_not_found'] as const;
export type PaymentFailureReason = (typeof paymentFailureReasons)[number];

export const entryKinds = ['debit', 'credit'] as const;
export type EntryKind = (typeof entryKinds)[number];

// Contract cents reach 10^12, past int4; as JS numbers they stay exact below 2^53.
const cents = (name: string) => bigint(name, { mode: 'number' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One wallet per customer. The database itself refuses a negative balance. */
export const wallets = pgTable(
  'wallets',
  {
    customerId: text('customer_id').primaryKey(),
    balanceCents: cents('balance_cents').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [check('wallets_balance_not_negative', sql`${table.balanceCents} >= 0`)],
);

/**
 * The outcome of each order's payment, at most one row per order: the first
 * answer given for an order is the answer repeated to every later command for it.
 * A `voided` row is the tombstone a refund leaves for an order never charged.
 */
export const payments = pgTable(
  'payments',
  {
    orderId: uuid('order_id').primaryKey(),
    paymentId: uuid('payment_id').notNull().unique('payments_payment_id_unique'),
    /** Unknown for a voided tombstone: a refund does not name the customer. */
    customerId: text('customer_id'),
    amountCents: cents('amount_cents').notNull(),
    refundedCents: cents('refunded_cents').notNull().default(0),
    status: text('status', { enum: paymentStatuses }).notNull(),
    failureReason: text('failure_reason', { enum: paymentFailureReasons }),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('payments_status_known', sql`${table.status} in ('charged', 'failed', 'refunded', 'voided')`),
    check(
      'payments_failure_reason_known',
      sql`${table.failureReason} is null or ${table.failureReason} in ('insufficient_funds', 'wallet_not_found')`,
    ),
    check(
      'payments_failed_has_reason',
      sql`(${table.status} = 'failed') = (${table.failureReason} is not null)`,
    ),
    check('payments_customer_known', sql`${table.status} = 'voided' or ${table.customerId} is not null`),
    check(
      'payments_refund_within_amount',
      sql`${table.amountCents} >= 0 and ${table.refundedCents} >= 0 and ${table.refundedCents} <= ${table.amountCents}`,
    ),
  ],
);

/**
 * The wallet's ledger: every cent that moved in or out of a wallet is one line.
 * A line has exactly one cause: an order (a `debit` charge, or a `credit` refund
 * of it; at most one of each per order) or a top-up (a `credit` with the caller's
 * idempotency reference, unique across all wallets). So for every wallet, with an
 * initial balance of 0, `balance = sum(credits) - sum(debits)`, and the books
 * equation `top-ups = balance + charges - refunds` is one query.
 */
export const walletEntries = pgTable(
  'wallet_entries',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => wallets.customerId),
    /** Null for a top-up. */
    orderId: uuid('order_id'),
    /** The top-up's idempotency reference; null for an order's line. */
    reference: text('reference'),
    kind: text('kind', { enum: entryKinds }).notNull(),
    amountCents: cents('amount_cents').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (table) => [
    unique('wallet_entries_order_kind_unique').on(table.orderId, table.kind),
    unique('wallet_entries_reference_unique').on(table.reference),
    check('wallet_entries_kind_known', sql`${table.kind} in ('debit', 'credit')`),
    check('wallet_entries_amount_not_negative', sql`${table.amountCents} >= 0`),
    check('wallet_entries_one_cause', sql`(${table.orderId} is null) <> (${table.reference} is null)`),
    check(
      'wallet_entries_top_up_is_positive_credit',
      sql`${table.reference} is null or (${table.kind} = 'credit' and ${table.amountCents} > 0)`,
    ),
    index('wallet_entries_customer_at_idx').on(table.customerId, table.at),
  ],
);

export type WalletRow = typeof wallets.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type WalletEntryRow = typeof walletEntries.$inferSelect;

export const paymentSchema = { wallets, payments, walletEntries };
export type PaymentSchema = typeof paymentSchema;
