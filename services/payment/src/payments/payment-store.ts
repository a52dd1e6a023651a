import { asc, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { PaymentTransaction } from '../db/database.js';
import { type PaymentFailureReason, payments, walletEntries, wallets } from '../db/schema.js';
import {
  type BatchWrites,
  chargedPayment,
  failedPayment,
  type LockedWallets,
  type PaymentState,
  voidedPayment,
} from './batch-state.js';

/*
 * The global lock order, the same for every batch: payment rows first, by order id,
 * then wallets, by customer id, each in one statement that locks its rows in the
 * order of its ORDER BY (without one, in whatever order the plan reads them).
 * Payments come first because a refund names no customer: its wallet is known
 * only from the payment row.
 */

/** The batch's existing payment rows, locked until the transaction ends: commands of one order never interleave. */
export async function lockPayments(
  tx: PaymentTransaction,
  orderIds: readonly string[],
): Promise<PaymentState[]> {
  if (orderIds.length === 0) return [];
  return tx
    .select({
      orderId: payments.orderId,
      paymentId: payments.paymentId,
      customerId: payments.customerId,
      amountCents: payments.amountCents,
      refundedCents: payments.refundedCents,
      status: payments.status,
      failureReason: payments.failureReason,
    })
    .from(payments)
    .where(sql`${payments.orderId} = any(${sql.param(orderIds)}::uuid[])`)
    .orderBy(asc(payments.orderId))
    .for('update');
}

/** Locks the wallets: charges of one customer's orders run one after another, never on a stale balance. */
export async function lockWallets(
  tx: PaymentTransaction,
  customerIds: readonly string[],
): Promise<LockedWallets> {
  if (customerIds.length === 0) return new Map();
  const rows = await tx
    .select({ customerId: wallets.customerId, balanceCents: wallets.balanceCents })
    .from(wallets)
    .where(sql`${wallets.customerId} = any(${sql.param(customerIds)}::text[])`)
    .orderBy(asc(wallets.customerId))
    .for('update');
  const found = new Map(rows.map((row) => [row.customerId, { balanceCents: row.balanceCents }]));
  return new Map(customerIds.map((customerId) => [customerId, found.get(customerId) ?? null]));
}

/** Writes a batch's plan: at most one statement per table, however many commands it decided. */
export async function writeBatch(tx: PaymentTransaction, writes: BatchWrites): Promise<void> {
  await writePayments(tx, writes);
  if (writes.ledgerEntries.length > 0) await tx.insert(walletEntries).values(writes.ledgerEntries);
  await applyWalletChanges(tx, writes.walletChanges);
}

/**
 * New rows and refunded rows in one statement. A new row is a plain INSERT: if a
 * concurrent transaction wrote the order first, the primary key refuses it and the
 * batch is retried, when it finds that row and repeats its answer.
 */
async function writePayments(
  tx: PaymentTransaction,
  { newPayments, changedPayments }: Pick<BatchWrites, 'newPayments' | 'changedPayments'>,
): Promise<void> {
  if (newPayments.length === 0 && changedPayments.length === 0) return;
  const column = <K extends keyof PaymentState>(rows: readonly PaymentState[], key: K) =>
    sql.param(rows.map((row) => row[key]));
  await tx.execute(sql`
    with changed as (
      update payments p
      set status = c.status, refunded_cents = c.refunded_cents, updated_at = now()
      from unnest(
        ${sql.param(changedPayments.map((row) => row.orderId))}::uuid[],
        ${sql.param(changedPayments.map((row) => row.status))}::text[],
        ${sql.param(changedPayments.map((row) => row.refundedCents))}::bigint[]
      ) as c(order_id, status, refunded_cents)
      where p.order_id = c.order_id
    )
    insert into payments (order_id, payment_id, customer_id, amount_cents, refunded_cents, status, failure_reason)
    select * from unnest(
      ${column(newPayments, 'orderId')}::uuid[],
      ${column(newPayments, 'paymentId')}::uuid[],
      ${column(newPayments, 'customerId')}::text[],
      ${column(newPayments, 'amountCents')}::bigint[],
      ${column(newPayments, 'refundedCents')}::bigint[],
      ${column(newPayments, 'status')}::text[],
      ${column(newPayments, 'failureReason')}::text[]
    )`);
}

/** Relative to the stored balance, so the CHECK constraint, not only the decisions, guards the floor. */
async function applyWalletChanges(
  tx: PaymentTransaction,
  changes: BatchWrites['walletChanges'],
): Promise<void> {
  if (changes.length === 0) return;
  const result = await tx.execute<{ customer_id: string }>(sql`
    update wallets w
    set balance_cents = w.balance_cents + c.delta_cents, updated_at = now()
    from unnest(
      ${sql.param(changes.map((change) => change.customerId))}::text[],
      ${sql.param(changes.map((change) => change.deltaCents))}::bigint[]
    ) as c(customer_id, delta_cents)
    where w.customer_id = c.customer_id
    returning w.customer_id`);
  // The wallets were locked for the decisions; one gone now is corruption, not a case to handle.
  if (result.rows.length !== changes.length) {
    const updated = new Set(result.rows.map((row) => row.customer_id));
    const gone = changes
      .filter((change) => !updated.has(change.customerId))
      .map((change) => change.customerId);
    throw new Error(`wallets ${gone.join(', ')} of the batch's charges and credits are gone`);
  }
}

/** One charge, written as a batch writes it, with no decision before it: only the database guards it. */
export async function recordCharge(
  tx: PaymentTransaction,
  charge: { orderId: string; customerId: string; amountCents: number },
): Promise<{ paymentId: string }> {
  const paymentId = uuidv7();
  const { orderId, customerId, amountCents } = charge;
  await writeBatch(tx, {
    newPayments: [chargedPayment({ orderId, paymentId, customerId, amountCents })],
    changedPayments: [],
    ledgerEntries: [{ id: uuidv7(), customerId, orderId, kind: 'debit', amountCents }],
    walletChanges: [{ customerId, deltaCents: -amountCents }],
  });
  return { paymentId };
}

export async function recordFailure(
  tx: PaymentTransaction,
  failure: { orderId: string; customerId: string; amountCents: number; reason: PaymentFailureReason },
): Promise<void> {
  const { orderId, customerId, amountCents, reason } = failure;
  await writePayments(tx, {
    newPayments: [
      failedPayment({ orderId, paymentId: uuidv7(), customerId, amountCents, failureReason: reason }),
    ],
    changedPayments: [],
  });
}

/** The tombstone of an order refunded before it was ever charged: it can no longer be charged. */
export async function recordVoid(tx: PaymentTransaction, orderId: string): Promise<void> {
  await writePayments(tx, {
    newPayments: [voidedPayment(orderId, uuidv7())],
    changedPayments: [],
  });
}
