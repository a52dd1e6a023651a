import type { OutgoingMessage } from '@sagaflow/outbox';
import { eq } from 'drizzle-orm';
import { orderSagas, orderStatusTransitions, orders } from '../db/schema.js';
import type { SagaStep } from '../saga/advance.js';
import { deadlineOf } from '../saga/inspect.js';
import { type Causation, statusChanged, toOutgoing } from './commands.js';
import type { OrderTransaction, SagaRuntime, StepCause } from './runtime.js';

export function causationOf(orderId: string, cause: StepCause): Causation {
  return cause.message === undefined ? { correlationId: orderId } : { causedBy: cause.message };
}

/**
 * Writes one step of one saga in the caller's transaction: its commands and a
 * status event to the outbox, the snapshot, the order's status, and the timeline
 * row naming what drove it and what it wrote. An ignored event writes only the
 * timeline row.
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
    /** Written ahead of the step's own messages, in the same INSERT (placing an order: OrderCreated). */
    alsoWrite?: readonly OutgoingMessage[];
  },
  runtime: SagaRuntime,
): Promise<void> {
  const { orderId, seq, step, cause, at } = input;
  const causation = causationOf(orderId, cause);
  const outgoing =
    step.outcome === 'ignored'
      ? []
      : [
          ...(input.alsoWrite ?? []),
          ...step.commands.map((command) => toOutgoing(command, causation)),
          ...(step.from !== null && step.from !== step.to
            ? [statusChanged(orderId, step.from, step.to, at, causation)]
            : []),
        ];
  const written = outgoing.length === 0 ? [] : await runtime.sink.enqueue(tx, outgoing);
  if (step.outcome === 'ignored') {
    await tx.update(orderSagas).set({ revision: seq, updatedAt: at }).where(eq(orderSagas.orderId, orderId));
  } else {
    await tx
      .update(orderSagas)
      .set({
        state: step.to,
        snapshot: step.persisted,
        revision: seq,
        deadlineAt: deadlineOf(step.snapshot, runtime.timeouts),
        updatedAt: at,
      })
      .where(eq(orderSagas.orderId, orderId));
    await tx
      .update(orders)
      .set({
        status: step.to,
        lines: step.context.lines,
        totalCents: step.context.totalCents,
        failureReason: step.context.failureReason,
        updatedAt: at,
      })
      .where(eq(orders.id, orderId));
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
