import type { PayloadOf, ReserveStock } from '@sagaflow/contracts';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import {
  decideReservation,
  mergeRequestedLines,
  type ReservationReplay,
  replayReservation,
} from './decisions.js';
import {
  claimOrder,
  lockProducts,
  moveStock,
  readReservation,
  recordReservedLines,
  setReservationStatus,
} from './stock-store.js';

/**
 * Reserves every line of the order or none. Decided once per order, whatever the
 * message id: a retry gets the first answer again and never reserves twice.
 */
export async function reserveStock(
  tx: InventoryTransaction,
  request: PayloadOf<typeof ReserveStock>,
  logger: Logger,
): Promise<ReservationReplay> {
  const { orderId } = request;
  // Claimed as failed and upgraded below; no other transaction sees the row before commit.
  if (!(await claimOrder(tx, orderId, 'failed'))) {
    const existing = await readReservation(tx, orderId, { lock: true });
    if (existing === undefined) throw new Error(`reservation of order ${orderId} vanished after its claim`);
    const replay = replayReservation(existing.status, existing.lines, existing.shortfalls);
    logger.info(
      { status: existing.status, outcome: replay.outcome },
      'order already decided; repeating the answer',
    );
    return replay;
  }
  const wanted = mergeRequestedLines(request.items);
  const current = await lockProducts(
    tx,
    wanted.map((line) => line.sku),
  );
  const decision = decideReservation(wanted, current);
  if (decision.outcome === 'fail') {
    await setReservationStatus(tx, orderId, 'failed', decision.shortfalls);
    logger.info({ shortfalls: decision.shortfalls }, 'stock reservation failed');
    return { outcome: 'failed', reason: 'out_of_stock', shortfalls: decision.shortfalls };
  }
  await moveStock(tx, decision.lines, 'onHand', 'reserved');
  await recordReservedLines(tx, orderId, decision.lines);
  await setReservationStatus(tx, orderId, 'reserved');
  logger.info({ lines: decision.lines.length, totalCents: decision.totalCents }, 'stock reserved');
  return { outcome: 'reserved', lines: decision.lines, totalCents: decision.totalCents };
}
