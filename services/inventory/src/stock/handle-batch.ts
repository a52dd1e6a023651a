import {
  type inventoryCommands,
  outgoing,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@sagaflow/contracts';
import type { OutgoingMessage } from '@sagaflow/outbox';
import { assertNever, type BatchMessageHandler, type MessageContext } from '@sagaflow/service-kit';
import type { InventoryDatabase } from '../db/database.js';
import { applyStockCommands } from './apply-stock-commands.js';
import type { CommandOutcome } from './batch-decisions.js';
import type { ReservationReplay } from './decisions.js';

/**
 * Runs inside the inbox transaction of the batch: the stock changes, the reservation
 * records and the replies commit together or not at all. Each command gets the
 * reply it would get handled alone, caused by it.
 */
export const handleInventoryBatch: BatchMessageHandler<InventoryDatabase, typeof inventoryCommands> = async (
  batch,
  tx,
) => {
  const [first] = batch;
  if (first === undefined) return;
  const outcomes = await applyStockCommands(
    tx,
    batch.map(({ message, context }) => ({ command: message, logger: context.logger })),
  );
  const replies = outcomes.flatMap((outcome, index) =>
    replyTo(outcome, (batch[index] as (typeof batch)[number]).context),
  );
  // Every context of a batch carries the same sink; one call writes one multi-row insert.
  if (replies.length > 0) await first.context.sink.enqueue(tx, replies);
};

function replyTo(outcome: CommandOutcome, context: MessageContext): OutgoingMessage[] {
  switch (outcome.type) {
    case 'ReserveStock':
      return [reservationReply(outcome.orderId, outcome.reply, context)];
    case 'ReleaseStock':
      return [outgoing(StockReleased, { orderId: outcome.orderId, lines: outcome.lines }, causedBy(context))];
    case 'CommitStock':
      return [];
    default:
      return assertNever(outcome);
  }
}

function reservationReply(
  orderId: string,
  outcome: ReservationReplay,
  context: MessageContext,
): OutgoingMessage {
  switch (outcome.outcome) {
    case 'reserved':
      return outgoing(
        StockReserved,
        { orderId, lines: outcome.lines, totalCents: outcome.totalCents },
        causedBy(context),
      );
    case 'failed':
      return outgoing(
        StockReservationFailed,
        { orderId, reason: outcome.reason, shortfalls: outcome.shortfalls },
        causedBy(context),
      );
    default:
      return assertNever(outcome);
  }
}

/** A reply is caused by the command: same saga, and a child of the command's handling span. */
function causedBy(context: MessageContext): Pick<OutgoingMessage, 'causedBy'> {
  const { envelope, trace } = context.incoming;
  return { causedBy: { id: envelope.id, correlationId: envelope.correlationId, trace } };
}
