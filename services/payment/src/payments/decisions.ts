import { assertNever } from '@sagaflow/service-kit';
import type { PaymentFailureReason, PaymentStatus } from '../db/schema.js';

/** What a decision needs to know of an order's payment row. */
export interface PaymentRecord {
  paymentId: string;
  status: PaymentStatus;
  amountCents: number;
  refundedCents: number;
  failureReason: PaymentFailureReason | null;
}

export interface WalletBalance {
  balanceCents: number;
}

/** What the saga is told about a ProcessPayment. */
export type PaymentOutcome =
  | { type: 'PaymentProcessed'; paymentId: string; amountCents: number }
  | { type: 'PaymentFailed'; reason: PaymentFailureReason | 'order_refunded' };

export type PaymentDecision =
  /** Debit the wallet, write the ledger line and a `charged` row. */
  | { action: 'charge'; amountCents: number; balanceAfterCents: number }
  /** Record a `failed` row, so every later command for the order hears the same refusal. */
  | { action: 'refuse'; reason: PaymentFailureReason }
  /** The order already has an answer: give it again, change nothing. */
  | { action: 'repeat'; outcome: PaymentOutcome; requestedAmountDiffers: boolean };

/**
 * ProcessPayment. The order's existing row wins over everything else: an operator
 * retry arrives under a new message id, and must neither charge again nor change
 * an answer the saga may already have acted on.
 */
export function decidePayment(
  existing: PaymentRecord | undefined,
  wallet: WalletBalance | undefined,
  amountCents: number,
): PaymentDecision {
  if (existing !== undefined) {
    return {
      action: 'repeat',
      outcome: outcomeOf(existing),
      requestedAmountDiffers: existing.status === 'charged' && existing.amountCents !== amountCents,
    };
  }
  if (wallet === undefined) return { action: 'refuse', reason: 'wallet_not_found' };
  if (wallet.balanceCents < amountCents) return { action: 'refuse', reason: 'insufficient_funds' };
  return { action: 'charge', amountCents, balanceAfterCents: wallet.balanceCents - amountCents };
}

function outcomeOf(existing: PaymentRecord): PaymentOutcome {
  switch (existing.status) {
    case 'charged':
      return { type: 'PaymentProcessed', paymentId: existing.paymentId, amountCents: existing.amountCents };
    case 'failed':
      // The schema's CHECK ties a reason to every failed row; a missing one is corrupt data.
      if (existing.failureReason === null)
        throw new Error(`failed payment ${existing.paymentId} has no failure reason`);
      return { type: 'PaymentFailed', reason: existing.failureReason };
    case 'refunded':
    case 'voided':
      return { type: 'PaymentFailed', reason: 'order_refunded' };
    default:
      return assertNever(existing.status);
  }
}

export type RefundDecision =
  /** Give the charge back: wallet credit, ledger credit, status `refunded`. */
  | { action: 'credit'; amountCents: number }
  /** Nothing was ever charged: leave a `voided` tombstone so no charge can follow. */
  | { action: 'void' }
  /** The order's refund is already settled: report what went back, change nothing. */
  | { action: 'repeat'; refundedCents: number };

/** RefundPayment: compensation, so it always succeeds and never credits twice. */
export function decideRefund(existing: PaymentRecord | undefined): RefundDecision {
  if (existing === undefined) return { action: 'void' };
  switch (existing.status) {
    case 'charged':
      return { action: 'credit', amountCents: existing.amountCents - existing.refundedCents };
    case 'refunded':
      return { action: 'repeat', refundedCents: existing.refundedCents };
    case 'failed':
    case 'voided':
      return { action: 'repeat', refundedCents: 0 };
    default:
      return assertNever(existing.status);
  }
}
