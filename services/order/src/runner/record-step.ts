import { eq } from 'drizzle-orm';
import { orderSagas, orderStatusTransitions, orders } from '../db/schema.js';
import type { SagaStep } from '../saga/advance.js';
import { deadlineOf } from '../saga/inspect.js';
import { type Causation, statusChanged, toOutgoing } from './commands.js';
import type { OrderTransaction, SagaRuntime, StepCause } from './runtime.js';

export function causationOf(orderId: string, cause: StepCause): Causation {
  return cause.message === undefined ? { correlationId: orderId } : { causedBy: cause.message };
}

/** The order row's columns a step decides: placing an order inserts them, later steps update them. */
export function orderColumns(step: SagaStep, at: Date) {
  const { lines, totalCents, failureReason } = step.context;
  return { status: step.to, lines, totalCents, failureReason, updatedAt: at };
}

/**
 * Writes one step of one saga in the caller's transaction: its commands and a
 * status event to the outbox, the snapshot, the order's status, and the timeline
 * row naming what drove it and what it wrote. An ignored event writes only the
 * timeline row. The first step inserts the saga row; the order row is the caller's,
 * inserted first with `orderColumns` so a repeated idempotency key is found.
 */
export async function recordStep(
  tx: OrderTransaction,
  input: {
    orderId: string;
    seq: number;
    event: string;
    step: SagaStep;
    cause: StepCause;
    at: Date;
  },
  runtime: SagaRuntime,
): Promise<void> {
  const { orderId, seq, step, cause, at } = input;
  const causation = causationOf(orderId, cause);
  const outgoing =
    step.outcome === 'ignored'
      ? []
      : [
          ...step.commands.map((command) => toOutgoing(command, causation)),
          ...(step.from !== null && step.from !== step.to
            ? [statusChanged(orderId, step.from, step.to, at, causation)]
            : []),
        ];
  const written = outgoing.length === 0 ? [] : await runtime.sink.enqueue(tx, outgoing);
  const saga = {
    state: step.to,
    snapshot: step.persisted,
    revision: seq,
    deadlineAt: deadlineOf(step.snapshot, runtime.timeouts),
    updatedAt: at,
  };
  if (step.outcome === 'ignored') {
    await tx.update(orderSagas).set({ revision: seq, updatedAt: at }).where(eq(orderSagas.orderId, orderId));
  } else if (step.from === null) {
    await tx.insert(orderSagas).values({ orderId, machineVersion: runtime.machineVersion, ...saga });
  } else {
    await tx.update(orderSagas).set(saga).where(eq(orderSagas.orderId, orderId));
    await tx.update(orders).set(orderColumns(step, at)).where(eq(orders.id, orderId));
  }
  await tx.insert(orderStatusTransitions).values({
    orderId,
    seq,
    at,
    fromState: step.from,
    toState: step.to,
    event: input.event,
    outcome: step.outcome,
    actor: cause.actor,
    reason:
      cause.reason ??
      (step.outcome === 'ignored' ? `${step.from ?? 'new'} does not accept ${input.event}` : null),
    messageId: cause.message?.id ?? null,
    messages: written.map((envelope, index) => ({
      id: envelope.id,
      type: envelope.type,
      topic: outgoing[index]?.topic ?? '',
    })),
  });
}
