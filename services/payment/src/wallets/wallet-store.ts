import { asc, eq, sql } from 'drizzle-orm';
import type { PaymentDatabase } from '../db/database.js';
import { type PaymentRow, payments, walletEntries, wallets } from '../db/schema.js';

export interface WalletBalance {
  customerId: string;
  balanceCents: number;
}

/** Sets a wallet's balance, creating it; waits for the row lock a charge in flight holds. */
export async function setBalance(db: PaymentDatabase, wallet: WalletBalance): Promise<void> {
  await db
    .insert(wallets)
    .values(wallet)
    .onConflictDoUpdate({
      target: wallets.customerId,
      set: { balanceCents: wallet.balanceCents, updatedAt: sql`now()` },
    });
}

export async function findWallet(
  db: PaymentDatabase,
  customerId: string,
): Promise<WalletBalance | undefined> {
  const [wallet] = await db
    .select({ customerId: wallets.customerId, balanceCents: wallets.balanceCents })
    .from(wallets)
    .where(eq(wallets.customerId, customerId));
  return wallet;
}

/** A customer's ledger lines, oldest first; undefined when the customer has no wallet. */
export async function listEntries(db: PaymentDatabase, customerId: string, limit: number) {
  if ((await findWallet(db, customerId)) === undefined) return undefined;
  return db
    .select({
      id: walletEntries.id,
      orderId: walletEntries.orderId,
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
