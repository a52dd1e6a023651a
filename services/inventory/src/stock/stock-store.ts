import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { InventoryQueries, InventoryTransaction } from '../db/database.js';
import {
  products,
  type ReservationStatus,
  reservationLines,
  reservations,
  type StoredShortfall,
} from '../db/schema.js';
import type { Priced, ProductStock } from './decisions.js';

export interface StoredReservation {
  orderId: string;
  status: ReservationStatus;
  shortfalls: StoredShortfall[];
  /** In request order. */
  lines: Priced[];
}

/**
 * Makes this transaction the only one deciding for the order: the first to insert its
 * row wins; a concurrent one waits on the primary key until the winner commits and
 * then finds the row. False when the order already had one.
 */
export async function claimOrder(
  tx: InventoryTransaction,
  orderId: string,
  status: ReservationStatus,
): Promise<boolean> {
  const inserted = await tx
    .insert(reservations)
    .values({ orderId, status })
    .onConflictDoNothing()
    .returning({ orderId: reservations.orderId });
  return inserted.length > 0;
}

/** The order's reservation with its lines; `lock` holds the row until the transaction ends. */
export async function readReservation(
  queries: InventoryQueries,
  orderId: string,
  options: { lock: boolean },
): Promise<StoredReservation | undefined> {
  const query = queries.select().from(reservations).where(eq(reservations.orderId, orderId));
  const [row] = options.lock ? await query.for('update') : await query;
  if (row === undefined) return undefined;
  const lines = await queries
    .select()
    .from(reservationLines)
    .where(eq(reservationLines.orderId, orderId))
    .orderBy(asc(reservationLines.lineNumber));
  return {
    orderId: row.orderId,
    status: row.status,
    shortfalls: row.shortfalls,
    lines: lines.map((line) => ({
      sku: line.sku,
      name: line.productName,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      lineTotalCents: line.quantity * line.unitPriceCents,
    })),
  };
}

/**
 * Locks the rows of `skus` until the transaction ends, always in sku order: two
 * orders sharing skus then queue up instead of deadlocking. Unknown skus are absent.
 */
export async function lockProducts(
  tx: InventoryTransaction,
  skus: readonly string[],
): Promise<Map<string, ProductStock>> {
  if (skus.length === 0) return new Map();
  const rows = await tx
    .select({
      sku: products.sku,
      name: products.name,
      priceCents: products.priceCents,
      onHand: products.onHand,
    })
    .from(products)
    .where(inArray(products.sku, [...skus]))
    .orderBy(asc(products.sku))
    .for('update');
  return new Map(rows.map((row) => [row.sku, row]));
}

type StockColumn = 'onHand' | 'reserved' | 'sold';

/**
 * Moves each line's quantity from one bucket of its product to another, so
 * on_hand + reserved + sold never changes. Rows are updated in sku order, the same
 * order lockProducts takes them in.
 */
export async function moveStock(
  tx: InventoryTransaction,
  lines: readonly { sku: string; quantity: number }[],
  from: StockColumn,
  to: StockColumn,
): Promise<void> {
  const bySku = [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  for (const line of bySku) {
    const change: Partial<Record<StockColumn, SQL>> = {
      [from]: sql`${products[from]} - ${line.quantity}`,
      [to]: sql`${products[to]} + ${line.quantity}`,
    };
    const updated = await tx
      .update(products)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(products.sku, line.sku))
      .returning({ sku: products.sku });
    // The lines reference their products, so a missing row means the data is corrupt.
    if (updated.length === 0) throw new Error(`product ${line.sku} of a reservation line does not exist`);
  }
}

export async function recordReservedLines(
  tx: InventoryTransaction,
  orderId: string,
  lines: readonly Priced[],
): Promise<void> {
  if (lines.length === 0) return;
  await tx.insert(reservationLines).values(
    lines.map((line, index) => ({
      orderId,
      sku: line.sku,
      lineNumber: index,
      productName: line.name,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
    })),
  );
}

export async function setReservationStatus(
  tx: InventoryTransaction,
  orderId: string,
  status: ReservationStatus,
  shortfalls: StoredShortfall[] = [],
): Promise<void> {
  await tx
    .update(reservations)
    .set({ status, shortfalls, updatedAt: sql`now()` })
    .where(eq(reservations.orderId, orderId));
}
