import {
  type inventoryCommands,
  outgoing,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@sagaflow/contracts';
import type { OutgoingMessage } from '@sagaflow/outbox';
import { assertNever, type MessageContext, type MessageHandler } from '@sagaflow/service-kit';
import type { InventoryDatabase } from '../db/database.js';
import { commitStock } from './commit.js';
import type { ReservationReplay } from './decisions.js';
import { releaseStock } from './release.js';
import { reserveStock } from './reserve.js';

/**
 * Runs inside the inbox transaction: the stock change, the reservation record and
 * the reply commit together or not at all.
 */
export const handleInventoryCommand: MessageHandler<InventoryDatabase, typeof inventoryCommands> = async (
  message,
  tx,
  context,
) => {
  switch (message.type) {
    case 'ReserveStock': {
      const outcome = await reserveStock(tx, message.payload, context.logger);
      await context.sink.enqueue(tx, [reservationReply(message.payload.orderId, outcome, context)]);
      return;
    }
    case 'ReleaseStock': {
      const { orderId } = message.payload;
      const lines = await releaseStock(tx, message.payload, context.logger);
      await context.sink.enqueue(tx, [outgoing(StockReleased, { orderId, lines }, replyTo(context))]);
      return;
    }
    case 'CommitStock':
      await commitStock(tx, message.payload, context.logger);
      return;
    default:
      return assertNever(message);
  }
};

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
        replyTo(context),
      );
    case 'failed':
      return outgoing(
        StockReservationFailed,
        { orderId, reason: outcome.reason, shortfalls: outcome.shortfalls },
        replyTo(context),
      );
    default:
      return assertNever(outcome);
  }
}

/** A reply is caused by the command: same saga, next span of the same trace. */
function replyTo(context: MessageContext): Pick<OutgoingMessage, 'causedBy'> {
  const { envelope, traceparent } = context.incoming;
  return { causedBy: { id: envelope.id, correlationId: envelope.correlationId, traceparent } };
}
