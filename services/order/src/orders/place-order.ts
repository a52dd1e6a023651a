import { createHash } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { traceHeaders } from '@sagaflow/outbox';
import { eq, sql } from 'drizzle-orm';
import { orders, type RequestedLineRow } from '../db/schema.js';
import { orderColumns, outgoingOf, timelineRowOf } from '../runner/plan-steps.js';
import type { OrderDatabase, OrderTransaction, SagaRuntime, StepCause } from '../runner/runtime.js';
import { writtenMessages } from '../runner/write-steps.js';
import { startSaga } from '../saga/advance.js';
import { deadlineOf } from '../saga/inspect.js';
import { sagaMachine } from '../saga/versions.js';

export interface PlaceOrderRequest {
  customerId: string;
  items: RequestedLineRow[];
  idempotencyKey?: string;
}

export type PlaceOrderResult =
  | { kind: 'placed'; id: string; status: string }
  | { kind: 'replayed'; id: string; status: string }
  | { kind: 'keyReused'; id: string };

/** Canonical JSON of what the order asks for: the same request always hashes the same. */
export function requestFingerprint(request: Pick<PlaceOrderRequest, 'customerId' | 'items'>): string {
  const canonical = JSON.stringify({
    customerId: request.customerId,
    items: request.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Thrown inside the placing transaction so that it rolls back what it enqueued. */
class IdempotencyKeyTaken extends Error {
  constructor() {
    super('the idempotency key is held by an earlier order');
    this.name = 'IdempotencyKeyTaken';
  }
}

/**
 * Places an order in one transaction of two statements: what the machine emits on
 * start (OrderCreated, ReserveStock) through the sink, then the order row with
 * its saga's first snapshot and timeline row. A repeated idempotency key rolls
 * that transaction back, the enqueued messages with it, and returns the order
 * holding the key; the unique index makes a concurrent repeat wait for the first
 * and then find it.
 */
export async function placeOrder(
  db: OrderDatabase,
  request: PlaceOrderRequest,
  ids: { newId: () => string },
  runtime: SagaRuntime,
): Promise<PlaceOrderResult> {
  const fingerprint = requestFingerprint(request);
  try {
    return await db.transaction((tx) => insertOrder(tx, request, fingerprint, ids.newId(), runtime));
  } catch (error) {
    if (!(error instanceof IdempotencyKeyTaken)) throw error;
  }
  const [existing] = await db
    .select({ id: orders.id, status: orders.status, fingerprint: orders.requestFingerprint })
    .from(orders)
    .where(eq(orders.idempotencyKey, request.idempotencyKey ?? ''));
  if (existing === undefined) throw new Error('idempotency key conflicted but no order holds it');
  return existing.fingerprint === fingerprint
    ? { kind: 'replayed', id: existing.id, status: existing.status }
    : { kind: 'keyReused', id: existing.id };
}

/**
 * The messages first, as the sink names them only once it has them; then one
 * statement whose saga and timeline inserts select from the order insert, so
 * they write nothing when the key is taken. The cast of every parameter of a
 * SELECT list is needed: Postgres would take an untyped one for text.
 */
async function insertOrder(
  tx: OrderTransaction,
  request: PlaceOrderRequest,
  fingerprint: string,
  id: string,
  runtime: SagaRuntime,
): Promise<PlaceOrderResult> {
  const now = runtime.now();
  const step = startSaga(sagaMachine(runtime.machineVersion), {
    orderId: id,
    customerId: request.customerId,
    items: request.items,
    at: now.toISOString(),
    compensationMaxAttempts: runtime.compensationMaxAttempts,
  });
  const cause: StepCause = { actor: 'api', reason: null };
  const outgoing = outgoingOf(id, step, cause, now);
  const envelopes = await runtime.sink.enqueue(tx, outgoing);
  const order = orderColumns(step, now);
  const timeline = timelineRowOf(id, 1, 'OrderPlaced', step, cause, now);
  const placing = trace.getActiveSpan()?.spanContext();
  const traceId = placing !== undefined && trace.isSpanContextValid(placing) ? placing.traceId : null;
  const traceparent = traceHeaders().traceparent ?? null;
  const { rows } = await tx.execute<{ id: string }>(sql`
    WITH placed AS (
      INSERT INTO orders (id, customer_id, items, lines, total_cents, status, failure_reason,
                          idempotency_key, request_fingerprint, trace_id, traceparent, created_at, updated_at)
      VALUES (${id}, ${request.customerId}, ${JSON.stringify(request.items)}::jsonb,
              ${order.lines === null ? null : JSON.stringify(order.lines)}::jsonb, ${order.totalCents},
              ${order.status}, ${order.failureReason}, ${request.idempotencyKey ?? null}, ${fingerprint},
              ${traceId}, ${traceparent}, ${now}, ${order.updatedAt})
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id
    ), saga AS (
      INSERT INTO order_sagas (order_id, machine_version, state, snapshot, revision, deadline_at, updated_at)
      SELECT id, ${runtime.machineVersion}::int, ${step.to}::text, ${JSON.stringify(step.persisted)}::jsonb,
             ${timeline.seq}::int, ${deadlineOf(step.snapshot, runtime.timeouts)}::timestamptz,
             ${now}::timestamptz
      FROM placed
    ), timeline AS (
      INSERT INTO order_status_transitions (order_id, seq, at, from_state, to_state, event, outcome, actor,
                                            reason, message_id, messages)
      SELECT id, ${timeline.seq}::int, ${timeline.at}::timestamptz, ${timeline.fromState}::text,
             ${timeline.toState}::text, ${timeline.event}::text, ${timeline.outcome}::text,
             ${timeline.actor}::text, ${timeline.reason}::text, ${timeline.messageId}::uuid,
             ${JSON.stringify(writtenMessages(envelopes, outgoing))}::jsonb
      FROM placed
    )
    SELECT id FROM placed`);
  if (rows.length === 0) throw new IdempotencyKeyTaken();
  runtime.observer?.written(tx, [
    { from: step.from, to: step.to, event: timeline.event, outcome: step.outcome },
  ]);
  return { kind: 'placed', id, status: step.to };
}
