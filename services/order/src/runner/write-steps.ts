import type { Envelope, OutgoingMessage } from '@sagaflow/outbox';
import type { MessageSink } from '@sagaflow/service-kit';
import { sql } from 'drizzle-orm';
import { orderStatusTransitions, type WrittenMessage } from '../db/schema.js';
import type { OrderRowUpdate, PlannedStep, SagaRowUpdate, StepsPlan } from './plan-steps.js';
import type { OrderTransaction } from './runtime.js';

/** 11 parameters a timeline row: well under Postgres's 65,535 a statement. */
const timelineRowsPerInsert = 1000;

/** What a timeline row lists: the envelopes the sink returned, in the order the messages were given. */
export function writtenMessages(
  envelopes: readonly Envelope[],
  outgoing: readonly OutgoingMessage[],
): WrittenMessage[] {
  return envelopes.map((envelope, index) => ({
    id: envelope.id,
    type: envelope.type,
    topic: outgoing[index]?.topic ?? '',
  }));
}

/**
 * Writes a planned batch in the caller's transaction, a statement per table
 * whatever the number of steps: every outgoing message in one enqueue, the saga
 * rows, the order rows, the timeline rows. Every row they touch belongs to a
 * saga the caller has locked, so the order of rows within a statement is free.
 */
export async function writeSteps(tx: OrderTransaction, plan: StepsPlan, sink: MessageSink): Promise<void> {
  const steps = plan.steps.filter((step): step is PlannedStep => step !== undefined);
  if (steps.length === 0) return;
  const outgoing = steps.flatMap((step) => step.outgoing);
  const envelopes = outgoing.length === 0 ? [] : await sink.enqueue(tx, outgoing);
  let written = 0;
  const timeline = steps.map((step) => {
    const own = envelopes.slice(written, written + step.outgoing.length);
    written += step.outgoing.length;
    return { ...step.timeline, messages: writtenMessages(own, step.outgoing) };
  });
  await updateSagas(tx, plan.sagas);
  if (plan.orders.length > 0) await updateOrders(tx, plan.orders);
  for (let start = 0; start < timeline.length; start += timelineRowsPerInsert) {
    await tx.insert(orderStatusTransitions).values(timeline.slice(start, start + timelineRowsPerInsert));
  }
}

/** A jsonb[] element: the JSON text, or SQL NULL for a null column (JSON.stringify would give 'null'). */
const jsonText = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

async function updateSagas(tx: OrderTransaction, rows: readonly SagaRowUpdate[]): Promise<void> {
  await tx.execute(sql`
    UPDATE order_sagas AS saga
    SET state = changed.state, snapshot = changed.snapshot, revision = changed.revision,
        deadline_at = changed.deadline_at, updated_at = changed.updated_at
    FROM unnest(
      ${sql.param(rows.map((row) => row.orderId))}::uuid[],
      ${sql.param(rows.map((row) => row.state))}::text[],
      ${sql.param(rows.map((row) => jsonText(row.snapshot)))}::jsonb[],
      ${sql.param(rows.map((row) => row.revision))}::int[],
      ${sql.param(rows.map((row) => row.deadlineAt))}::timestamptz[],
      ${sql.param(rows.map((row) => row.updatedAt))}::timestamptz[]
    ) AS changed(order_id, state, snapshot, revision, deadline_at, updated_at)
    WHERE saga.order_id = changed.order_id`);
}

async function updateOrders(tx: OrderTransaction, rows: readonly OrderRowUpdate[]): Promise<void> {
  await tx.execute(sql`
    UPDATE orders AS stored
    SET status = changed.status, lines = changed.lines, total_cents = changed.total_cents,
        failure_reason = changed.failure_reason, updated_at = changed.updated_at
    FROM unnest(
      ${sql.param(rows.map((row) => row.id))}::uuid[],
      ${sql.param(rows.map((row) => row.status))}::text[],
      ${sql.param(rows.map((row) => jsonText(row.lines)))}::jsonb[],
      ${sql.param(rows.map((row) => row.totalCents))}::bigint[],
      ${sql.param(rows.map((row) => row.failureReason))}::text[],
      ${sql.param(rows.map((row) => row.updatedAt))}::timestamptz[]
    ) AS changed(id, status, lines, total_cents, failure_reason, updated_at)
    WHERE stored.id = changed.id`);
}
