import type { Static } from '@sinclair/typebox';
import { asc, eq, lt } from 'drizzle-orm';
import { orderSagas, orders } from '../db/schema.js';
import type { OrderDatabase } from '../runner/runtime.js';
import type { OrderList } from './schemas.js';

type Status = Static<typeof OrderList>['items'][number]['status'];

/**
 * Sagas whose deadline has passed and that no timer has moved on yet, most overdue
 * first: with the deadline scheduler running these are seconds old at most, so a
 * long list means the scheduler is not keeping up, or not running.
 */
export async function listOverdueOrders(
  db: OrderDatabase,
  now: Date,
  limit: number,
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
    .from(orderSagas)
    .innerJoin(orders, eq(orders.id, orderSagas.orderId))
    .where(lt(orderSagas.deadlineAt, now))
    .orderBy(asc(orderSagas.deadlineAt))
    .limit(limit);
  return {
    items: rows.map((row) => ({
      ...row,
      status: row.status as Status,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: null,
  };
}
