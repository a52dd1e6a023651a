import { outboxPublished } from '@sagaflow/outbox';
import type { Static } from '@sinclair/typebox';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { orderSagas, orderStatusTransitions, orders } from '../db/schema.js';
import type { OrderDatabase } from '../runner/runtime.js';
import { restoreSnapshot } from '../saga/advance.js';
import { acceptedEvents, deadlineOf, isTerminal, type SagaTimeouts } from '../saga/inspect.js';
import { sagaMachine } from '../saga/versions.js';
import type { ListOrdersQuery, OrderList, OrderView } from './schemas.js';

type View = Static<typeof OrderView>;
type Status = View['order']['status'];

/** The order, where its saga stands and what it accepts next, and every step that led there. */
export async function readOrderView(
  db: OrderDatabase,
  id: string,
  timeouts: SagaTimeouts,
): Promise<View | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .innerJoin(orderSagas, eq(orderSagas.orderId, orders.id))
    .where(eq(orders.id, id));
  if (row === undefined) return undefined;
  const { orders: order, order_sagas: saga } = row;
  const transitions = await db
    .select()
    .from(orderStatusTransitions)
    .where(eq(orderStatusTransitions.orderId, id))
    .orderBy(asc(orderStatusTransitions.seq));
  const messageIds = transitions.flatMap((transition) => transition.messages.map((message) => message.id));
  const published =
    messageIds.length === 0
      ? []
      : await db
          .select({ messageId: outboxPublished.messageId, publishedAt: outboxPublished.publishedAt })
          .from(outboxPublished)
          .where(inArray(outboxPublished.messageId, messageIds));
  const publishedAt = new Map(published.map((row) => [row.messageId, row.publishedAt.toISOString()]));
  const machine = sagaMachine(saga.machineVersion);
  const snapshot = restoreSnapshot(machine, saga.snapshot);
  return {
    order: {
      id: order.id,
      customerId: order.customerId,
      items: order.items,
      lines: order.lines,
      totalCents: order.totalCents,
      status: order.status as Status,
      failureReason: order.failureReason,
      traceId: order.traceId,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
    },
    saga: {
      machineVersion: saga.machineVersion,
      state: saga.state as Status,
      deadline: deadlineOf(snapshot, timeouts)?.toISOString() ?? null,
      attempt: snapshot.context.attempt,
      accepts: acceptedEvents(machine, snapshot, timeouts),
      // A finished saga runs nothing more: what its context still lists would never run.
      compensationsPending: isTerminal(snapshot)
        ? []
        : snapshot.context.compensations.map((compensation) => compensation.step).reverse(),
    },
    timeline: transitions.map((transition) => ({
      seq: transition.seq,
      at: transition.at.toISOString(),
      from: transition.fromState,
      to: transition.toState,
      event: transition.event,
      outcome: transition.outcome as View['timeline'][number]['outcome'],
      actor: transition.actor,
      reason: transition.reason,
      messageId: transition.messageId,
      messages: transition.messages.map((message) => ({
        ...message,
        publishedAt: publishedAt.get(message.id) ?? null,
      })),
    })),
  };
}

/**
 * Newest first; the cursor is the last id of the previous page (ids are time-ordered uuid v7).
 * With a customer id, that customer's orders only.
 */
export async function listOrders(
  db: OrderDatabase,
  query: Static<typeof ListOrdersQuery>,
  customerId?: string,
): Promise<Static<typeof OrderList>> {
  const rows = await db
    .select({
      id: orders.id,
      customerId: orders.customerId,
      status: orders.status,
      totalCents: orders.totalCents,
      failureReason: orders.failureReason,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(
      and(
        query.status === undefined ? undefined : eq(orders.status, query.status),
        customerId === undefined ? undefined : eq(orders.customerId, customerId),
        query.cursor === undefined ? undefined : lt(orders.id, query.cursor),
      ),
    )
    .orderBy(desc(orders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      ...row,
      status: row.status as Status,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
