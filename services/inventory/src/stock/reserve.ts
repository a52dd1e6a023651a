import type { PayloadOf, ReserveStock } from '@sagaflow/contracts';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import { applyStockCommands } from './apply-stock-commands.js';
import type { ReservationReplay } from './decisions.js';

/**
 * Reserves every line of the order or none. Decided once per order, whatever the
 * message id: a retry gets the first answer again and never reserves twice.
 */
export async function reserveStock(
  tx: InventoryTransaction,
  request: PayloadOf<typeof ReserveStock>,
  logger: Logger,
): Promise<ReservationReplay> {
  const [outcome] = await applyStockCommands(tx, [
    { command: { type: 'ReserveStock', payload: request }, logger },
  ]);
  if (outcome?.type !== 'ReserveStock') throw new Error('a ReserveStock got no reservation outcome');
  return outcome.reply;
}
