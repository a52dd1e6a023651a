import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { PaymentDatabase } from '../db/database.js';
import { type PaymentRow, payments, walletEntries, wallets } from '../db/schema.js';

/**
 * A wallet's balance beside the ledger's totals, read in one statement, so one
 * snapshot: `creditedCents = balanceCents + chargedCents - refundedCents` holds
 * for every wallet (its initial balance is 0).
 */
export interface WalletBooks {
  customerId: string;
  balanceCents: number;
  /** Top-ups. */
  creditedCents: number;
  /** Orders' debits. */
  chargedCents: number;
  /** Orders' credits: charges given back. */
  refundedCents: number;
}

const total = (filter: SQL) =>
  sql<number>`coalesce(sum(${walletEntries.amountCents}) filter (where ${filter}), 0)`.mapWith(Number);

export async function findWallet(db: PaymentDatabase, customerId: string): Promise<WalletBooks | undefined> {
  const [wallet] = await db
    .select({
      customerId: wallets.customerId,
      balanceCents: wallets.balanceCents,
      creditedCents: total(sql`${walletEntries.reference} is not null`),
      chargedCents: total(sql`${walletEntries.kind} = 'debit'`),
      refundedCents: total(sql`${walletEntries.kind} = 'credit' and ${walletEntries.orderId} is not null`),
    })
    .from(wallets)
    .leftJoin(walletEntries, eq(walletEntries.customerId, wallets.customerId))
    .where(eq(wallets.customerId, customerId))
    .groupBy(wallets.customerId);
  return wallet;
}

/** A customer's ledger lines, oldest first; undefined when the customer has no wallet. */
export async function listEntries(db: PaymentDatabase, customerId: string, limit: number) {
  const [wallet] = await db
    .select({ customerId: wallets.customerId })
    .from(wallets)
    .where(eq(wallets.customerId, customerId));
  if (wallet === undefined) return undefined;
  return db
    .select({
      id: walletEntries.id,
      orderId: walletEntries.orderId,
      reference: walletEntries.reference,
      kind: walletEntries.kind,
      amountCents: walletEntries.amountCents,
      at: walletEntries.at,
    })
    .from(walletEntries)
    .where(eq(walletEntries.customerId, customerId))
    .orderBy(asc(walletEntries.at), asc(walletEntries.id))
    .limit(limit);
}

export async function findPayment(db: PaymentDatabase, orderId: string): Promise<PaymentRow | undefined> {
  const [payment] = await db.select().from(payments).where(eq(payments.orderId, orderId));
  return payment;
}
