import type { CommitStock, PayloadOf } from '@sagaflow/contracts';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import { applyStockCommands } from './apply-stock-commands.js';

/** Turns the order's reservation into a sale, once. There is no reply to send. */
export async function commitStock(
  tx: InventoryTransaction,
  request: PayloadOf<typeof CommitStock>,
  logger: Logger,
): Promise<void> {
  await applyStockCommands(tx, [{ command: { type: 'CommitStock', payload: request }, logger }]);
}
