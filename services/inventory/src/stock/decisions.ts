import type { PayloadOf, PricedLine, RequestedLine, StockReleased } from '@sagaflow/contracts';
import { assertNever } from '@sagaflow/service-kit';
import type { Static } from '@sinclair/typebox';
import type { ReservationStatus, StoredShortfall } from '../db/schema.js';

export type Requested = Static<typeof RequestedLine>;
export type Priced = Static<typeof PricedLine>;
export type Shortfall = StoredShortfall;
export type ReleasedLine = PayloadOf<typeof StockReleased>['lines'][number];

/** What the decisions need to know of a product: its price, name and what is free to take. */
export interface ProductStock {
  sku: string;
  name: string;
  priceCents: number;
  onHand: number;
}

export type ReservationDecision =
  | { outcome: 'reserve'; lines: Priced[]; totalCents: number }
  | { outcome: 'fail'; shortfalls: Shortfall[] };

/**
 * One line per sku, in the order the skus first appear. The contract does not forbid
 * an order naming a sku twice, and a reservation holds one line per sku.
 */
export function mergeRequestedLines(requested: readonly Requested[]): Requested[] {
  const quantities = new Map<string, number>();
  for (const line of requested) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * All or none: every line reserved at the catalog price, or a failure naming each
 * line that fell short. `products` must be the locked current rows.
 */
export function decideReservation(
  requested: readonly Requested[],
  products: ReadonlyMap<string, ProductStock>,
): ReservationDecision {
  const lines = mergeRequestedLines(requested);
  const shortfalls: Shortfall[] = [];
  for (const line of lines) {
    const product = products.get(line.sku);
    if (product === undefined) {
      shortfalls.push({ sku: line.sku, requested: line.quantity, available: 0, reason: 'unknown_sku' });
    } else if (product.onHand < line.quantity) {
      shortfalls.push({
        sku: line.sku,
        requested: line.quantity,
        available: product.onHand,
        reason: 'insufficient_stock',
      });
    }
  }
  if (shortfalls.length > 0) return { outcome: 'fail', shortfalls };
  const priced = lines.map((line) => {
    const product = products.get(line.sku) as ProductStock;
    return priceLine(line, product.name, product.priceCents);
  });
  return { outcome: 'reserve', lines: priced, totalCents: totalOf(priced) };
}

export function priceLine(line: Requested, name: string, unitPriceCents: number): Priced {
  return {
    sku: line.sku,
    name,
    quantity: line.quantity,
    unitPriceCents,
    lineTotalCents: line.quantity * unitPriceCents,
  };
}

export function totalOf(lines: readonly Priced[]): number {
  return lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
}

/** The reply owed to a ReserveStock for an order inventory already decided on. */
export type ReservationReplay =
  | { outcome: 'reserved'; lines: Priced[]; totalCents: number }
  | { outcome: 'failed'; reason: 'out_of_stock' | 'order_released'; shortfalls: Shortfall[] };

/**
 * A retried ReserveStock never reserves twice; it gets the answer the first one got.
 * A released order answers `order_released`, even if it had reserved before: its
 * stock is back on hand, and telling the saga "reserved" could let it confirm an
 * order whose goods no longer wait for it.
 */
export function replayReservation(
  status: ReservationStatus,
  lines: readonly Priced[],
  shortfalls: readonly Shortfall[],
): ReservationReplay {
  switch (status) {
    case 'reserved':
    case 'committed':
      return { outcome: 'reserved', lines: [...lines], totalCents: totalOf(lines) };
    case 'failed':
      return { outcome: 'failed', reason: 'out_of_stock', shortfalls: [...shortfalls] };
    case 'released':
      return { outcome: 'failed', reason: 'order_released', shortfalls: [] };
    default:
      return assertNever(status);
  }
}

export type ReleaseDecision =
  /** Give the held quantities back and mark the reservation released. */
  | { action: 'release' }
  /** Never heard of the order: leave a tombstone so a late ReserveStock cannot reserve. */
  | { action: 'tombstone' }
  /** Released before: answer with what that release gave back (nothing, for a tombstone). */
  | { action: 'already-released' }
  /** The reservation failed, so nothing was ever held: answer with no lines. */
  | { action: 'nothing-held' }
  /**
   * Already sold. The saga only compensates before it commits, so a release after the
   * commit is a late duplicate; putting sold goods back on hand would conjure stock
   * that has left the warehouse. Returns are a separate process.
   */
  | { action: 'refuse-sold' };

export function decideRelease(status: ReservationStatus | undefined): ReleaseDecision {
  switch (status) {
    case undefined:
      return { action: 'tombstone' };
    case 'reserved':
      return { action: 'release' };
    case 'released':
      return { action: 'already-released' };
    case 'failed':
      return { action: 'nothing-held' };
    case 'committed':
      return { action: 'refuse-sold' };
    default:
      return assertNever(status);
  }
}

export type CommitDecision =
  | { action: 'commit' }
  | { action: 'already-committed' }
  /** Nothing reserved to sell: a commit without a reservation is a saga bug worth a warning. */
  | { action: 'nothing-to-commit'; status: Exclude<ReservationStatus, 'reserved' | 'committed'> | 'unknown' };

export function decideCommit(status: ReservationStatus | undefined): CommitDecision {
  switch (status) {
    case 'reserved':
      return { action: 'commit' };
    case 'committed':
      return { action: 'already-committed' };
    case undefined:
      return { action: 'nothing-to-commit', status: 'unknown' };
    case 'released':
    case 'failed':
      return { action: 'nothing-to-commit', status };
    default:
      return assertNever(status);
  }
}
