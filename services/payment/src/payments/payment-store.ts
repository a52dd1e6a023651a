import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { PaymentTransaction } from '../db/database.js';
import {
  type PaymentFailureReason,
  type PaymentRow,
  payments,
  walletEntries,
  wallets,
} from '../db/schema.js';

/**
 * The order's payment row, locked until the transaction ends, so a refund and a
 * charge of one order never interleave.
 */
export async function lockPayment(tx: PaymentTransaction, orderId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.orderId, orderId)).for('update');
  return row;
}

/** Locks the wallet: charges of one customer's orders run one after another, never on a stale balance. */
export async function lockWallet(
  tx: PaymentTransaction,
  customerId: string,
): Promise<{ balanceCents: number } | undefined> {
  const [row] = await tx
    .select({ balanceCents: wallets.balanceCents })
    .from(wallets)
    .where(eq(wallets.customerId, customerId))
    .for('update');
  return row;
}

export async function recordCharge(
  tx: PaymentTransaction,
  charge: { orderId: string; customerId: string; amountCents: number },
): Promise<{ paymentId: string }> {
  const paymentId = uuidv7();
  // Relative to the stored balance, so the CHECK constraint, not only the decision, guards the floor.
  await tx
    .update(wallets)
    .set({ balanceCents: sql`${wallets.balanceCents} - ${charge.amountCents}`, updatedAt: new Date() })
    .where(eq(wallets.customerId, charge.customerId));
  await tx.insert(walletEntries).values({
    id: uuidv7(),
    customerId: charge.customerId,
    orderId: charge.orderId,
    kind: 'debit',
    amountCents: charge.amountCents,
  });
  await tx.insert(payments).values({
    orderId: charge.orderId,
    paymentId,
    customerId: charge.customerId,
    amountCents: charge.amountCents,
    status: 'charged',
  });
  return { paymentId };
}

export async function recordFailure(
  tx: PaymentTransaction,
  failure: { orderId: string; customerId: string; amountCents: number; reason: PaymentFailureReason },
): Promise<void> {
  await tx.insert(payments).values({
    orderId: failure.orderId,
    paymentId: uuidv7(),
    customerId: failure.customerId,
    amountCents: failure.amountCents,
    status: 'failed',
    failureReason: failure.reason,
  });
}

export async function recordRefund(
  tx: PaymentTransaction,
  payment: Pick<PaymentRow, 'orderId' | 'customerId' | 'refundedCents'>,
  amountCents: number,
): Promise<void> {
  if (payment.customerId === null) throw new Error(`charged payment for ${payment.orderId} has no customer`);
  const credited = await tx
    .update(wallets)
    .set({ balanceCents: sql`${wallets.balanceCents} + ${amountCents}`, updatedAt: new Date() })
    .where(eq(wallets.customerId, payment.customerId))
    .returning({ customerId: wallets.customerId });
  // The ledger's foreign key keeps a charged wallet alive; its absence is corruption, not a case to handle.
  if (credited.length === 0) throw new Error(`wallet ${payment.customerId} of a charged payment is gone`);
  await tx.insert(walletEntries).values({
    id: uuidv7(),
    customerId: payment.customerId,
    orderId: payment.orderId,
    kind: 'credit',
    amountCents,
  });
  await tx
    .update(payments)
    .set({ status: 'refunded', refundedCents: payment.refundedCents + amountCents, updatedAt: new Date() })
    .where(eq(payments.orderId, payment.orderId));
}

/** The tombstone of an order refunded before it was ever charged: it can no longer be charged. */
export async function recordVoid(tx: PaymentTransaction, orderId: string): Promise<void> {
  await tx.insert(payments).values({ orderId, paymentId: uuidv7(), amountCents: 0, status: 'voided' });
}
