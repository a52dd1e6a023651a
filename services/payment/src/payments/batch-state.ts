import type { EntryKind, PaymentRow } from '../db/schema.js';

/** An order's payment row: as locked when the batch began, then as the batch's earlier commands left it. */
export type PaymentState = Pick<
  PaymentRow,
  'orderId' | 'paymentId' | 'customerId' | 'amountCents' | 'refundedCents' | 'status' | 'failureReason'
>;

/** The row a charge creates. */
export const chargedPayment = (
  charge: Pick<PaymentState, 'orderId' | 'paymentId' | 'amountCents'> & { customerId: string },
): PaymentState => ({ ...charge, refundedCents: 0, status: 'charged', failureReason: null });

/** The row a refused charge creates: the order's answer, kept so a retry repeats it. */
export const failedPayment = (
  failure: Pick<PaymentState, 'orderId' | 'paymentId' | 'amountCents'> & {
    customerId: string;
    failureReason: NonNullable<PaymentState['failureReason']>;
  },
): PaymentState => ({ ...failure, refundedCents: 0, status: 'failed' });

/** The tombstone of an order refunded before it was ever charged: it can no longer be charged. */
export const voidedPayment = (orderId: string, paymentId: string): PaymentState => ({
  orderId,
  paymentId,
  customerId: null,
  amountCents: 0,
  refundedCents: 0,
  status: 'voided',
  failureReason: null,
});

/** The wallets locked for a batch, by customer id; null for a customer looked up who has none. */
export type LockedWallets = ReadonlyMap<string, { balanceCents: number } | null>;

export interface LedgerEntry {
  id: string;
  customerId: string;
  orderId: string;
  kind: EntryKind;
  amountCents: number;
}

/**
 * Everything a batch writes. Each list is sorted by its key (order id, then kind;
 * customer id), so two batches inserting the same key wait for one another in one
 * global order and cannot deadlock.
 */
export interface BatchWrites {
  /** Orders that had no row when the batch began, as the batch leaves them. */
  newPayments: PaymentState[];
  /** Locked rows the batch changed; only a refund changes a row. */
  changedPayments: Pick<PaymentState, 'orderId' | 'status' | 'refundedCents'>[];
  ledgerEntries: LedgerEntry[];
  /** The net change of every wallet a charge or credit touched, zero included. */
  walletChanges: { customerId: string; deltaCents: number }[];
}

/**
 * Postgres reads a uuid in either case and returns it in lower case; the batch
 * keys orders the same way, so a command names the row whatever case it uses.
 */
export function orderKey(orderId: string): string {
  return orderId.toLowerCase();
}

/** The payment rows and wallet balances as the batch's commands so far left them. */
export class BatchState {
  private readonly stored: ReadonlyMap<string, PaymentState>;
  private readonly payments: Map<string, PaymentState>;
  private readonly balances = new Map<string, number>();
  private readonly deltas = new Map<string, number>();
  private readonly entries: LedgerEntry[] = [];

  constructor(
    stored: readonly PaymentState[],
    private readonly wallets: LockedWallets,
  ) {
    this.stored = byOrder(stored);
    this.payments = new Map(this.stored);
  }

  payment(orderId: string): PaymentState | undefined {
    return this.payments.get(orderKey(orderId));
  }

  record(row: PaymentState): void {
    this.payments.set(orderKey(row.orderId), row);
  }

  /** The wallet's balance after the batch's earlier charges and credits; undefined when it has none. */
  wallet(customerId: string): { balanceCents: number } | undefined {
    const locked = this.wallets.get(customerId);
    // Deciding on a wallet nobody locked would read a balance another transaction may be changing.
    if (locked === undefined) throw new Error(`wallet ${customerId} was not locked for the batch`);
    if (locked === null) return undefined;
    return { balanceCents: this.balances.get(customerId) ?? locked.balanceCents };
  }

  move(entry: LedgerEntry): void {
    const wallet = this.wallet(entry.customerId);
    // The ledger's foreign key keeps a charged wallet alive; its absence is corruption, not a case to handle.
    if (wallet === undefined) throw new Error(`wallet ${entry.customerId} of a charged payment is gone`);
    const delta = entry.kind === 'debit' ? -entry.amountCents : entry.amountCents;
    this.balances.set(entry.customerId, wallet.balanceCents + delta);
    this.deltas.set(entry.customerId, (this.deltas.get(entry.customerId) ?? 0) + delta);
    this.entries.push(entry);
  }

  writes(): BatchWrites {
    const newPayments: PaymentState[] = [];
    const changedPayments: BatchWrites['changedPayments'] = [];
    for (const [key, row] of this.payments) {
      const before = this.stored.get(key);
      if (before === undefined) newPayments.push(row);
      else if (row.status !== before.status || row.refundedCents !== before.refundedCents)
        changedPayments.push({ orderId: row.orderId, status: row.status, refundedCents: row.refundedCents });
    }
    const byOrderId = (a: { orderId: string }, b: { orderId: string }) =>
      compareText(orderKey(a.orderId), orderKey(b.orderId));
    return {
      newPayments: newPayments.sort(byOrderId),
      changedPayments: changedPayments.sort(byOrderId),
      ledgerEntries: [...this.entries].sort((a, b) => byOrderId(a, b) || compareText(a.kind, b.kind)),
      walletChanges: [...this.deltas]
        .map(([customerId, deltaCents]) => ({ customerId, deltaCents }))
        .sort((a, b) => compareText(a.customerId, b.customerId)),
    };
  }
}

export function byOrder(rows: readonly PaymentState[]): Map<string, PaymentState> {
  return new Map(rows.map((row) => [orderKey(row.orderId), row]));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
