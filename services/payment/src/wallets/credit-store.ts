import { eq, sql } from 'drizzle-orm';
import type { PaymentDatabase, PaymentTransaction } from '../db/database.js';
import { walletEntries, wallets } from '../db/schema.js';
import {
  type CreditDecision,
  type CreditRequest,
  decideCredit,
  type RecordedCredit,
} from './credit-decisions.js';

/** What became of a top-up: written now, or the decision that wrote nothing. */
export type CreditOutcome =
  | { action: 'credited'; credit: RecordedCredit }
  | Exclude<CreditDecision, { action: 'credit' }>;

/** Thrown inside the crediting transaction so that it rolls back the wallet it may have created. */
class CreditNotWritten extends Error {
  constructor(readonly outcome: CreditOutcome) {
    super(`credit not written: ${outcome.action}`);
    this.name = 'CreditNotWritten';
  }
}

/** Thrown when a concurrent credit committed the reference first. */
class ReferenceTaken extends Error {
  constructor() {
    super('the reference was credited by a concurrent transaction');
    this.name = 'ReferenceTaken';
  }
}

/**
 * Credits a wallet once per reference. The unique index on the reference decides
 * a race, not the first read: a concurrent credit of the same reference waits for
 * the first to commit, writes nothing, rolls back, and is then answered from the
 * credit that won.
 */
export async function creditWallet(
  db: PaymentDatabase,
  request: CreditRequest,
  newId: () => string,
): Promise<CreditOutcome> {
  try {
    return await db.transaction((tx) => writeCredit(tx, request, newId));
  } catch (error) {
    if (error instanceof CreditNotWritten) return error.outcome;
    if (!(error instanceof ReferenceTaken)) throw error;
  }
  const winner = await findCredit(db, request.reference);
  // Ledger lines are never deleted: the credit that took the reference is there.
  if (winner === undefined)
    throw new Error(`reference ${request.reference} conflicted but no credit holds it`);
  return answerTaken(decideCredit(request, winner, 0));
}

/**
 * One top-up in the transaction given: creates the wallet at 0 when missing, locks
 * it (the lock order of the payment batches: wallet before ledger), writes the
 * ledger line and raises the balance by as much. Once it may have created the
 * wallet, a credit it does not write throws, so that the transaction rolls back;
 * `creditWallet` answers with the decision the error carries.
 */
export async function writeCredit(
  tx: PaymentTransaction,
  request: CreditRequest,
  newId: () => string,
): Promise<CreditOutcome> {
  const { customerId, reference, amountCents } = request;
  const seen = await findCredit(tx, reference);
  if (seen !== undefined) return answerTaken(decideCredit(request, seen, 0));
  await tx.insert(wallets).values({ customerId, balanceCents: 0 }).onConflictDoNothing();
  const creditedCents = await lockCredited(tx, customerId);
  // Read again under the lock: a credit of this wallet that committed meanwhile is repeated, not limited.
  const decision = decideCredit(request, await findCredit(tx, reference), creditedCents);
  if (decision.action !== 'credit') throw new CreditNotWritten(decision);
  const [entry] = await tx
    .insert(walletEntries)
    .values({ id: newId(), customerId, orderId: null, reference, kind: 'credit', amountCents })
    .onConflictDoNothing({ target: walletEntries.reference })
    .returning({ entryId: walletEntries.id, at: walletEntries.at });
  if (entry === undefined) throw new ReferenceTaken();
  await tx
    .update(wallets)
    .set({ balanceCents: sql`${wallets.balanceCents} + ${amountCents}`, updatedAt: sql`now()` })
    .where(eq(wallets.customerId, customerId));
  return { action: 'credited', credit: { ...request, ...entry } };
}

function answerTaken(decision: CreditDecision): CreditOutcome {
  // Only a new reference is credited, and both callers pass one that is taken.
  if (decision.action === 'credit') throw new Error('a taken reference was decided to be credited');
  return decision;
}

/** Locks the wallet, then sums what it was credited: no other top-up of it can change the sum meanwhile. */
async function lockCredited(tx: PaymentTransaction, customerId: string): Promise<number> {
  await tx
    .select({ customerId: wallets.customerId })
    .from(wallets)
    .where(eq(wallets.customerId, customerId))
    .for('update');
  const [row] = await tx
    .select({
      creditedCents: sql<number>`coalesce(sum(${walletEntries.amountCents}), 0)`.mapWith(Number),
    })
    .from(walletEntries)
    .where(sql`${walletEntries.customerId} = ${customerId} and ${walletEntries.reference} is not null`);
  return row?.creditedCents ?? 0;
}

export async function findCredit(
  db: PaymentDatabase | PaymentTransaction,
  reference: string,
): Promise<RecordedCredit | undefined> {
  const [row] = await db
    .select({
      entryId: walletEntries.id,
      customerId: walletEntries.customerId,
      amountCents: walletEntries.amountCents,
      at: walletEntries.at,
    })
    .from(walletEntries)
    .where(eq(walletEntries.reference, reference));
  return row === undefined ? undefined : { ...row, reference };
}
