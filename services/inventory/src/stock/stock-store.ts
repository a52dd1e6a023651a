import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { InventoryQueries, InventoryTransaction } from '../db/database.js';
import { products, reservationLines, reservations } from '../db/schema.js';
import type { BatchPlan, Claim, ReservationRecord, StatusChange, StockMove } from './batch-decisions.js';
import type { Priced, ProductStock } from './decisions.js';

export interface StoredReservation extends ReservationRecord {
  orderId: string;
}

/**
 * Makes this transaction the only one deciding for the orders it inserts, in one
 * statement, in order id order: a concurrent batch naming the same orders waits on
 * their primary keys, in the same order, until this one commits and then finds the
 * rows. Returns the orders inserted; the others already had a row.
 */
export async function claimOrders(tx: InventoryTransaction, claims: readonly Claim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const { rows } = await tx.execute<{ orderId: string }>(sql`
    INSERT INTO reservations (order_id, status)
    SELECT order_id, status
    FROM unnest(${textArray(claims.map((claim) => claim.orderId))}, ${textArray(claims.map((claim) => claim.status))})
      AS claim (order_id, status)
    ORDER BY order_id
    ON CONFLICT DO NOTHING
    RETURNING order_id AS "orderId"`);
  return new Set(rows.map((row) => row.orderId));
}

/**
 * Locks the existing reservations of `orderIds` until the transaction ends, in order
 * id order, and reads them with their lines in the same statement. The lines of an
 * order are written by the transaction that creates its row, so whoever can see the
 * row sees its lines too. Unknown orders are absent.
 */
export async function lockReservations(
  tx: InventoryTransaction,
  orderIds: readonly string[],
): Promise<Map<string, ReservationRecord>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await tx.execute<StoredRow>(sql`
    SELECT r.order_id AS "orderId", r.status, r.shortfalls,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                 'sku', l.sku, 'name', l.product_name, 'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents
               ) ORDER BY l.line_number)
        FROM reservation_lines l WHERE l.order_id = r.order_id
      ), '[]'::jsonb) AS lines
    FROM reservations r
    WHERE r.order_id = ANY(${textArray(orderIds)})
    ORDER BY r.order_id
    FOR UPDATE OF r`);
  return new Map(rows.map((row) => [row.orderId, recordOf(row)]));
}

interface StoredRow extends Record<string, unknown> {
  orderId: string;
  status: ReservationRecord['status'];
  shortfalls: ReservationRecord['shortfalls'];
  lines: Omit<Priced, 'lineTotalCents'>[];
}

function recordOf(row: StoredRow): ReservationRecord {
  return {
    status: row.status,
    shortfalls: row.shortfalls,
    lines: row.lines.map((line) => ({ ...line, lineTotalCents: line.quantity * line.unitPriceCents })),
  };
}

/** The order's reservation with its lines, unlocked: for reading outside a decision. */
export async function readReservation(
  queries: InventoryQueries,
  orderId: string,
): Promise<StoredReservation | undefined> {
  const [row] = await queries.select().from(reservations).where(eq(reservations.orderId, orderId));
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
 * batches sharing skus then queue up instead of deadlocking. Unknown skus are absent.
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

/**
 * Adds each move to its product's buckets in one statement. Every move sums to
 * zero, so on_hand + reserved + sold never changes. The rows must be locked.
 */
export async function moveStock(tx: InventoryTransaction, moves: readonly StockMove[]): Promise<void> {
  if (moves.length === 0) return;
  const { rows } = await tx.execute<{ sku: string }>(sql`
    UPDATE products AS p
    SET on_hand = p.on_hand + m.on_hand, reserved = p.reserved + m.reserved, sold = p.sold + m.sold,
        updated_at = now()
    FROM unnest(
      ${textArray(moves.map((move) => move.sku))},
      ${intArray(moves.map((move) => move.onHand))},
      ${intArray(moves.map((move) => move.reserved))},
      ${intArray(moves.map((move) => move.sold))}
    ) AS m (sku, on_hand, reserved, sold)
    WHERE p.sku = m.sku
    RETURNING p.sku`);
  // The moves come from locked rows, so a missing row means the data is corrupt.
  if (rows.length !== moves.length) {
    const updated = new Set(rows.map((row) => row.sku));
    const missing = moves.filter((move) => !updated.has(move.sku)).map((move) => move.sku);
    throw new Error(`stock moved for products that do not exist: ${missing.join(', ')}`);
  }
}

/** The lines of every order reserved, numbered in request order, in one statement. */
export async function recordReservedLines(
  tx: InventoryTransaction,
  reserved: BatchPlan['reservedLines'],
): Promise<void> {
  const rows = reserved.flatMap(({ orderId, lines }) =>
    lines.map((line, lineNumber) => ({ orderId, lineNumber, ...line })),
  );
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO reservation_lines (order_id, sku, line_number, product_name, quantity, unit_price_cents)
    SELECT * FROM unnest(
      ${textArray(rows.map((row) => row.orderId))},
      ${textArray(rows.map((row) => row.sku))},
      ${intArray(rows.map((row) => row.lineNumber))},
      ${textArray(rows.map((row) => row.name))},
      ${intArray(rows.map((row) => row.quantity))},
      ${intArray(rows.map((row) => row.unitPriceCents))}
    )`);
}

/** Sets the status (and why it failed) of every changed order in one statement. The rows must be locked. */
export async function setReservationStatuses(
  tx: InventoryTransaction,
  changes: readonly StatusChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`
    UPDATE reservations AS r
    SET status = v.status, shortfalls = v.shortfalls::jsonb, updated_at = now()
    FROM unnest(
      ${textArray(changes.map((change) => change.orderId))},
      ${textArray(changes.map((change) => change.status))},
      ${textArray(changes.map((change) => JSON.stringify(change.shortfalls)))}
    ) AS v (order_id, status, shortfalls)
    WHERE r.order_id = v.order_id`);
}

/** One parameter holding the whole list (a bare array in drizzle's `sql` would expand to one per element). */
function textArray(values: readonly string[]) {
  return sql`${sql.param(values)}::text[]`;
}

function intArray(values: readonly number[]) {
  return sql`${sql.param(values)}::int[]`;
}
