import type { CommitStock, PayloadOf } from '@sagaflow/contracts';
import { assertNever } from '@sagaflow/service-kit';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import { decideCommit } from './decisions.js';
import { moveStock, readReservation, setReservationStatus } from './stock-store.js';

/** Turns the order's reservation into a sale, once. There is no reply to send. */
export async function commitStock(
  tx: InventoryTransaction,
  request: PayloadOf<typeof CommitStock>,
  logger: Logger,
): Promise<void> {
  const existing = await readReservation(tx, request.orderId, { lock: true });
  const decision = decideCommit(existing?.status);
  switch (decision.action) {
    case 'commit': {
      const lines = existing?.lines ?? [];
      await moveStock(tx, lines, 'reserved', 'sold');
      await setReservationStatus(tx, request.orderId, 'committed');
      logger.info({ lines: lines.length }, 'stock committed');
      return;
    }
    case 'already-committed':
      logger.info('order already committed; nothing to do');
      return;
    case 'nothing-to-commit':
      logger.warn({ status: decision.status }, 'commit of an order that holds no reservation; ignored');
      return;
    default:
      return assertNever(decision);
  }
}
