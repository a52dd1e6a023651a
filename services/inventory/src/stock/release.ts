import type { PayloadOf, ReleaseStock } from '@sagaflow/contracts';
import { assertNever } from '@sagaflow/service-kit';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import { decideRelease, type ReleasedLine } from './decisions.js';
import { claimOrder, moveStock, readReservation, setReservationStatus } from './stock-store.js';

/**
 * Compensation: puts what the order holds back on hand. Returns the lines released,
 * the same on every retry; empty when the order held nothing.
 */
export async function releaseStock(
  tx: InventoryTransaction,
  request: PayloadOf<typeof ReleaseStock>,
  logger: Logger,
): Promise<ReleasedLine[]> {
  const { orderId } = request;
  // An unknown order gets a `released` tombstone in the same statement that claims it.
  const claimed = await claimOrder(tx, orderId, 'released');
  const existing = claimed ? undefined : await readReservation(tx, orderId, { lock: true });
  if (!claimed && existing === undefined) {
    throw new Error(`reservation of order ${orderId} vanished after its claim`);
  }
  const decision = decideRelease(existing?.status);
  const held = (existing?.lines ?? []).map((line) => ({ sku: line.sku, quantity: line.quantity }));
  switch (decision.action) {
    case 'tombstone':
      logger.info({ reason: request.reason }, 'release before any reservation; order may no longer reserve');
      return [];
    case 'release':
      await moveStock(tx, held, 'reserved', 'onHand');
      await setReservationStatus(tx, orderId, 'released');
      logger.info({ reason: request.reason, lines: held.length }, 'stock released');
      return held;
    case 'already-released':
      logger.info('order already released; repeating the answer');
      return held;
    case 'nothing-held':
      logger.info({ status: existing?.status }, 'order holds no stock; nothing to release');
      return [];
    case 'refuse-sold':
      logger.warn(
        { reason: request.reason },
        'release of an order whose stock is already sold; sold stock stays sold',
      );
      return [];
    default:
      return assertNever(decision);
  }
}
