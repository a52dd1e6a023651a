/** A top-up as the caller asks for it. */
export interface CreditRequest {
  customerId: string;
  reference: string;
  amountCents: number;
}

/** A top-up the ledger holds. */
export interface RecordedCredit extends CreditRequest {
  entryId: string;
  at: Date;
}

/**
 * The most a wallet can ever be credited in total. Refunds only give back what
 * charges took, so no balance exceeds it, and every balance stays an exact JS
 * number (below 2^53).
 */
export const maxCreditedCents = 1_000_000_000_000_000;

export type CreditDecision =
  /** Write the ledger line and raise the balance. */
  | { action: 'credit' }
  /** The reference was credited before with this very request: answer that credit again, change nothing. */
  | { action: 'repeat'; credit: RecordedCredit }
  /** The reference belongs to another credit: another amount, or another wallet. */
  | { action: 'refuse'; reason: 'reference_reused'; credit: RecordedCredit }
  /** The wallet would hold more than it may ever be credited. */
  | { action: 'refuse'; reason: 'limit_exceeded'; creditedCents: number };

/**
 * A top-up. The reference is the idempotency key: the credit that holds it wins
 * over everything else. `creditedCents` is what the wallet was credited so far,
 * read under its row lock; it only matters when the reference is new.
 */
export function decideCredit(
  request: CreditRequest,
  existing: RecordedCredit | undefined,
  creditedCents: number,
): CreditDecision {
  if (existing !== undefined) {
    const same = existing.customerId === request.customerId && existing.amountCents === request.amountCents;
    return same
      ? { action: 'repeat', credit: existing }
      : { action: 'refuse', reason: 'reference_reused', credit: existing };
  }
  if (creditedCents + request.amountCents > maxCreditedCents)
    return { action: 'refuse', reason: 'limit_exceeded', creditedCents };
  return { action: 'credit' };
}
