import { assertNever } from '@sagaflow/service-kit';
import type { Logger } from 'pino';
import type { InventoryTransaction } from '../db/database.js';
import {
  type CommandOutcome,
  claimsOf,
  compareText,
  decideBatch,
  type StockCommand,
  skusToLock,
} from './batch-decisions.js';
import {
  claimOrders,
  lockProducts,
  lockReservations,
  moveStock,
  recordReservedLines,
  setReservationStatuses,
} from './stock-store.js';

export interface LoggedCommand {
  command: StockCommand;
  /** Where what became of this command is logged. */
  logger: Logger;
}

/**
 * Applies the commands in their order, with the same outcome as one transaction
 * each, one after another, but in a fixed number of statements: the orders' rows
 * are claimed and locked in order id order, then the products in sku order (the
 * one lock order of every transaction that touches stock, so overlapping batches
 * wait for each other instead of deadlocking), then everything is decided in memory
 * and written with one statement per table. Returns one outcome per command.
 */
export async function applyStockCommands(
  tx: InventoryTransaction,
  commands: readonly LoggedCommand[],
): Promise<CommandOutcome[]> {
  if (commands.length === 0) return [];
  const messages = commands.map((each) => each.command);
  const claims = claimsOf(messages);
  const claimed = await claimOrders(tx, claims);
  const orderIds = [...new Set(messages.map((message) => message.payload.orderId))].sort(compareText);
  const existing = await lockReservations(
    tx,
    orderIds.filter((orderId) => !claimed.has(orderId)),
  );
  for (const { orderId } of claims) {
    if (!claimed.has(orderId) && !existing.has(orderId)) {
      throw new Error(`reservation of order ${orderId} vanished after its claim`);
    }
  }
  const products = await lockProducts(tx, skusToLock(messages, claimed, existing));
  const plan = decideBatch(messages, {
    claimed: claims.filter((claim) => claimed.has(claim.orderId)),
    existing,
    products,
  });
  await moveStock(tx, plan.stockMoves);
  await recordReservedLines(tx, plan.reservedLines);
  await setReservationStatuses(tx, plan.statusChanges);
  plan.outcomes.forEach((outcome, index) => {
    const { level, fields, message } = logLineOf(outcome);
    (commands[index] as LoggedCommand).logger[level](fields, message);
  });
  return plan.outcomes;
}

interface LogLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

/** What became of a command, in the words the per-message handlers always logged. */
function logLineOf(outcome: CommandOutcome): LogLine {
  switch (outcome.type) {
    case 'ReserveStock':
      return reservationLogLine(outcome);
    case 'ReleaseStock':
      return releaseLogLine(outcome);
    case 'CommitStock':
      return commitLogLine(outcome);
    default:
      return assertNever(outcome);
  }
}

function reservationLogLine({
  reply,
  decidedBefore,
}: Extract<CommandOutcome, { type: 'ReserveStock' }>): LogLine {
  if (decidedBefore !== undefined) {
    const fields = { status: decidedBefore, outcome: reply.outcome };
    return { level: 'info', fields, message: 'order already decided; repeating the answer' };
  }
  if (reply.outcome === 'failed') {
    return { level: 'info', fields: { shortfalls: reply.shortfalls }, message: 'stock reservation failed' };
  }
  const fields = { lines: reply.lines.length, totalCents: reply.totalCents };
  return { level: 'info', fields, message: 'stock reserved' };
}

function releaseLogLine(outcome: Extract<CommandOutcome, { type: 'ReleaseStock' }>): LogLine {
  const { reason } = outcome;
  switch (outcome.decision.action) {
    case 'tombstone':
      return {
        level: 'info',
        fields: { reason },
        message: 'release before any reservation; order may no longer reserve',
      };
    case 'release':
      return { level: 'info', fields: { reason, lines: outcome.lines.length }, message: 'stock released' };
    case 'already-released':
      return { level: 'info', fields: {}, message: 'order already released; repeating the answer' };
    case 'nothing-held':
      return {
        level: 'info',
        fields: { status: outcome.statusBefore },
        message: 'order holds no stock; nothing to release',
      };
    case 'refuse-sold':
      return {
        level: 'warn',
        fields: { reason },
        message: 'release of an order whose stock is already sold; sold stock stays sold',
      };
    default:
      return assertNever(outcome.decision);
  }
}

function commitLogLine(outcome: Extract<CommandOutcome, { type: 'CommitStock' }>): LogLine {
  switch (outcome.decision.action) {
    case 'commit':
      return { level: 'info', fields: { lines: outcome.lines }, message: 'stock committed' };
    case 'already-committed':
      return { level: 'info', fields: {}, message: 'order already committed; nothing to do' };
    case 'nothing-to-commit':
      return {
        level: 'warn',
        fields: { status: outcome.decision.status },
        message: 'commit of an order that holds no reservation; ignored',
      };
    default:
      return assertNever(outcome.decision);
  }
}
