import type pg from 'pg';
import { type LatencySummary, summarizeLatencies } from './stats.js';

/**
 * The stamps the order service keeps for one happy-path saga (epoch ms): its three
 * steps (taken inside each step's transaction) and the broker acks of the commands
 * they wrote (taken by the relay; null in dual-write mode, which records none).
 */
export interface SagaStamps {
  id: string;
  placedAt: number;
  reserveStockAckedAt: number | null;
  reservedAt: number;
  processPaymentAckedAt: number | null;
  paidAt: number;
}

export const hopNames = ['post', 'orderRelay1', 'inventory', 'orderRelay2', 'payment'] as const;
export type HopName = (typeof hopNames)[number];

/** Where a saga's latency went; the hops add up to due → terminal step. */
export const hopMeaning: Record<HopName, string> = {
  post: 'POST due → OrderPlaced step (HTTP queueing and the request before its transaction)',
  orderRelay1: 'OrderPlaced step → ReserveStock acked (order commit + relay)',
  inventory: 'ReserveStock acked → StockReserved step (fetch, inventory transaction and relay, fetch)',
  orderRelay2: 'StockReserved step → ProcessPayment acked (order commit + relay)',
  payment: 'ProcessPayment acked → PaymentProcessed step (fetch, payment transaction and relay, fetch)',
};

export type HopBreakdown = Record<HopName, LatencySummary | null>;

/**
 * Each hop's percentiles over the sagas with all their stamps. Without relay acks
 * (dual-write) a relay hop cannot be told from the hop after it: both are then
 * null and the hop after carries the sum, from the step stamp.
 */
export function hopBreakdown(
  stamps: readonly SagaStamps[],
  startById: ReadonlyMap<string, number>,
): HopBreakdown {
  const hops: Record<HopName, number[]> = {
    post: [],
    orderRelay1: [],
    inventory: [],
    orderRelay2: [],
    payment: [],
  };
  for (const saga of stamps) {
    const start = startById.get(saga.id);
    if (start === undefined) continue;
    hops.post.push(saga.placedAt - start);
    if (saga.reserveStockAckedAt === null) hops.inventory.push(saga.reservedAt - saga.placedAt);
    else {
      hops.orderRelay1.push(saga.reserveStockAckedAt - saga.placedAt);
      hops.inventory.push(saga.reservedAt - saga.reserveStockAckedAt);
    }
    if (saga.processPaymentAckedAt === null) hops.payment.push(saga.paidAt - saga.reservedAt);
    else {
      hops.orderRelay2.push(saga.processPaymentAckedAt - saga.reservedAt);
      hops.payment.push(saga.paidAt - saga.processPaymentAckedAt);
    }
  }
  return Object.fromEntries(hopNames.map((name) => [name, summarizeLatencies(hops[name])])) as HopBreakdown;
}

/** The stamps of the given orders that went placed → reserved → paid. */
export async function readSagaStamps(pool: pg.Pool, orderIds: readonly string[]): Promise<SagaStamps[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await pool.query<{
    id: string;
    placed_at: string;
    reserve_acked_at: string | null;
    reserved_at: string;
    payment_acked_at: string | null;
    paid_at: string;
  }>(
    `WITH steps AS (
       SELECT order_id, seq, event, at, messages FROM order_status_transitions
       WHERE order_id = ANY($1::uuid[]) AND seq <= 3
     ),
     acks AS (
       SELECT s.order_id, m.message->>'type' AS type, p.published_at
       FROM steps s
       CROSS JOIN LATERAL jsonb_array_elements(s.messages) AS m(message)
       JOIN outbox_published p ON p.message_id = (m.message->>'id')::uuid
       WHERE m.message->>'type' IN ('ReserveStock', 'ProcessPayment')
     )
     SELECT s1.order_id AS id,
       extract(epoch FROM s1.at) * 1000 AS placed_at,
       extract(epoch FROM a1.published_at) * 1000 AS reserve_acked_at,
       extract(epoch FROM s2.at) * 1000 AS reserved_at,
       extract(epoch FROM a2.published_at) * 1000 AS payment_acked_at,
       extract(epoch FROM s3.at) * 1000 AS paid_at
     FROM steps s1
     JOIN steps s2 ON s2.order_id = s1.order_id AND s2.seq = 2 AND s2.event = 'StockReserved'
     JOIN steps s3 ON s3.order_id = s1.order_id AND s3.seq = 3 AND s3.event = 'PaymentProcessed'
     LEFT JOIN acks a1 ON a1.order_id = s1.order_id AND a1.type = 'ReserveStock'
     LEFT JOIN acks a2 ON a2.order_id = s1.order_id AND a2.type = 'ProcessPayment'
     WHERE s1.seq = 1`,
    [orderIds],
  );
  const number = (value: string | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    id: row.id,
    placedAt: Number(row.placed_at),
    reserveStockAckedAt: number(row.reserve_acked_at),
    reservedAt: Number(row.reserved_at),
    processPaymentAckedAt: number(row.payment_acked_at),
    paidAt: Number(row.paid_at),
  }));
}
