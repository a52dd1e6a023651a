import { eq } from 'drizzle-orm';
import { orderSagas } from '../db/schema.js';
import { advanceSaga, type StepOutcome } from '../saga/advance.js';
import type { SagaEvent } from '../saga/events.js';
import type { SagaState } from '../saga/machine.js';
import { sagaMachine } from '../saga/versions.js';
import { recordStep } from './record-step.js';
import type { OrderTransaction, SagaRuntime, StepCause } from './runtime.js';

export interface AppliedEvent {
  from: SagaState;
  to: SagaState;
  outcome: StepOutcome;
}

/**
 * Advances one saga by one event inside `tx`: the saga row is locked, its machine
 * version restored from the snapshot, and everything the step writes commits or
 * rolls back together. Undefined when no saga has this id.
 */
export async function applySagaEvent(
  tx: OrderTransaction,
  orderId: string,
  event: SagaEvent,
  cause: StepCause,
  runtime: SagaRuntime,
): Promise<AppliedEvent | undefined> {
  const [saga] = await tx.select().from(orderSagas).where(eq(orderSagas.orderId, orderId)).for('update');
  if (saga === undefined) return undefined;
  const step = advanceSaga(sagaMachine(saga.machineVersion), saga.snapshot, event);
  await recordStep(
    tx,
    { orderId, seq: saga.revision + 1, event: event.type, step, cause, at: new Date(event.at) },
    runtime,
  );
  return { from: step.from ?? step.to, to: step.to, outcome: step.outcome };
}
