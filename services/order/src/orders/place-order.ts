import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { orders, type RequestedLineRow } from '../db/schema.js';
import { orderColumns, recordStep } from '../runner/record-step.js';
import type { OrderTransaction, SagaRuntime } from '../runner/runtime.js';
import { startSaga } from '../saga/advance.js';
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

/**
 * The order row, its saga's first snapshot and timeline row, and what the machine
 * emits on start (OrderCreated, ReserveStock): one transaction that writes each row
 * once. A repeated idempotency key returns the first order; the unique index makes
 * a concurrent repeat wait for the first and then find it.
 */
export async function placeOrder(
  tx: OrderTransaction,
  request: PlaceOrderRequest,
  ids: { newId: () => string },
  runtime: SagaRuntime,
): Promise<PlaceOrderResult> {
  const fingerprint = requestFingerprint(request);
  const id = ids.newId();
  const now = runtime.now();
  const step = startSaga(sagaMachine(runtime.machineVersion), {
    orderId: id,
    customerId: request.customerId,
    items: request.items,
    at: now.toISOString(),
    compensationMaxAttempts: runtime.compensationMaxAttempts,
  });
  const inserted = await tx
    .insert(orders)
    .values({
      id,
      customerId: request.customerId,
      items: request.items,
      ...orderColumns(step, now),
      idempotencyKey: request.idempotencyKey ?? null,
      requestFingerprint: fingerprint,
      createdAt: now,
    })
    .onConflictDoNothing({ target: orders.idempotencyKey })
    .returning({ id: orders.id });
  if (inserted.length === 0) {
    const [existing] = await tx
      .select({ id: orders.id, status: orders.status, fingerprint: orders.requestFingerprint })
      .from(orders)
      .where(eq(orders.idempotencyKey, request.idempotencyKey ?? ''));
    if (existing === undefined) throw new Error('idempotency key conflicted but no order holds it');
    return existing.fingerprint === fingerprint
      ? { kind: 'replayed', id: existing.id, status: existing.status }
      : { kind: 'keyReused', id: existing.id };
  }
  await recordStep(
    tx,
    {
      orderId: id,
      seq: 1,
      event: 'OrderPlaced',
      step,
      cause: { actor: 'api', reason: null },
      at: now,
    },
    runtime,
  );
  return { kind: 'placed', id, status: step.to };
}
