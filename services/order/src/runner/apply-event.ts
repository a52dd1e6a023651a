import { asc, sql } from 'drizzle-orm';
import { orderSagas, orders } from '../db/schema.js';
import type { StepOutcome } from '../saga/advance.js';
import type { SagaEvent } from '../saga/events.js';
import type { SagaState } from '../saga/machine.js';
import { observedSteps } from './observed-steps.js';
import { type LockedSaga, planSteps, type SagaEventInput } from './plan-steps.js';
import type { OrderTransaction, SagaRuntime, StepCause } from './runtime.js';
import { writeSteps } from './write-steps.js';

export interface AppliedEvent {
  from: SagaState;
  to: SagaState;
  outcome: StepOutcome;
}

/**
 * Locks the sagas of `orderIds` in one statement, in the one order every caller
 * locks in (order id ascending), so two batches that share sagas wait for each
 * other instead of deadlocking.
 */
async function lockSagas(
  tx: OrderTransaction,
  orderIds: readonly string[],
): Promise<(LockedSaga & { placedAt: Date })[]> {
  return tx
    .select({
      orderId: orderSagas.orderId,
      machineVersion: orderSagas.machineVersion,
      state: orderSagas.state,
      snapshot: orderSagas.snapshot,
      revision: orderSagas.revision,
      deadlineAt: orderSagas.deadlineAt,
      // A scalar subquery: FOR UPDATE locks the saga rows only, never the orders.
      placedAt:
        sql<Date>`(SELECT ${orders.createdAt} FROM ${orders} WHERE ${orders.id} = ${orderSagas.orderId})`.mapWith(
          orders.createdAt,
        ),
    })
    .from(orderSagas)
    .where(sql`${orderSagas.orderId} = ANY(${sql.param([...new Set(orderIds)])}::uuid[])`)
    .orderBy(asc(orderSagas.orderId))
    .for('update');
}

/**
 * Advances sagas by events inside `tx`, in the order given, several events of one
 * saga included: the sagas are locked, each step decided in memory from the one
 * before, and everything the steps write commits or rolls back together. One
 * result per event; undefined where no saga has the event's order id.
 */
export async function applySagaEvents(
  tx: OrderTransaction,
  inputs: readonly SagaEventInput[],
  runtime: SagaRuntime,
): Promise<(AppliedEvent | undefined)[]> {
  if (inputs.length === 0) return [];
  const locked = await lockSagas(
    tx,
    inputs.map((input) => input.orderId),
  );
  const plan = planSteps(locked, inputs, runtime.timeouts);
  await writeSteps(tx, plan, runtime.sink);
  runtime.observer?.written(
    tx,
    observedSteps(plan.steps, new Map(locked.map((saga) => [saga.orderId, saga.placedAt]))),
  );
  return plan.steps.map((planned) =>
    planned === undefined
      ? undefined
      : { from: planned.step.from ?? planned.step.to, to: planned.step.to, outcome: planned.step.outcome },
  );
}

/** One event for one saga: a batch of one. Undefined when no saga has this id. */
export async function applySagaEvent(
  tx: OrderTransaction,
  orderId: string,
  event: SagaEvent,
  cause: StepCause,
  runtime: SagaRuntime,
): Promise<AppliedEvent | undefined> {
  const [applied] = await applySagaEvents(tx, [{ orderId, event, cause }], runtime);
  return applied;
}
