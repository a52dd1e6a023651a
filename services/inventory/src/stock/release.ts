import type { PayloadOf, ReleaseStock } from '@sagaflow/contracts';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import { applyStockCommands } from './apply-stock-commands.js';
import type { ReleasedLine } from './decisions.js';

/**
 * Compensation: puts what the order holds back on hand. Returns the lines released,
 * the same on every retry; empty when the order held nothing. An unknown order gets
 * a `released` tombstone, so a late ReserveStock cannot reserve.
 */
export async function releaseStock(
  tx: InventoryTransaction,
  request: PayloadOf<typeof ReleaseStock>,
  logger: Logger,
): Promise<ReleasedLine[]> {
  const [outcome] = await applyStockCommands(tx, [
    { command: { type: 'ReleaseStock', payload: request }, logger },
  ]);
  if (outcome?.type !== 'ReleaseStock') throw new Error('a ReleaseStock got no release outcome');
  return outcome.lines;
}
