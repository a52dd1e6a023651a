import type { PricedLine, RequestedLine } from '@sagaflow/contracts';
import type { Static } from '@sinclair/typebox';
import type { SagaCommand, SagaEvent } from './events.js';

export interface OrderSagaContext {
  orderId: string;
  customerId: string;
  items: Static<typeof RequestedLine>[];
  lines: Static<typeof PricedLine>[] | null;
  totalCents: number | null;
  /** Registered as steps succeed; the last one runs first. */
  compensations: PendingCompensation[];
  /** Attempts of the step the saga waits on, and when the latest began: its deadline counts from there. */
  attempt: number;
  stepStartedAt: string;
  compensationMaxAttempts: number;
  failureReason: string | null;
  resolution: { actor: string; reason: string } | null;
}

export interface OrderSagaInput {
  orderId: string;
  customerId: string;
  items: Static<typeof RequestedLine>[];
  at: string;
  compensationMaxAttempts: number;
}

/** Which configured timeout bounds the wait in a state. */
export type DeadlineKind = 'stock' | 'payment' | 'compensation';

export interface OrderSagaMachineOptions {
  version: number;
  /**
   * A payment step that missed its deadline may still have charged: refund it as a
   * compensation. Without this (version 1), only a late PaymentProcessed is refunded.
   */
  refundOnPaymentTimeout: boolean;
}

const undoReason = (context: OrderSagaContext) => context.failureReason ?? 'order cancelled';

/** What undoes a step; the names are stored in snapshots, so they outlive any one version. */
export const compensations = {
  releaseStock: (context: OrderSagaContext): SagaCommand => ({
    type: 'ReleaseStock',
    payload: { orderId: context.orderId, reason: undoReason(context) },
  }),
  refundPayment: (context: OrderSagaContext): SagaCommand => ({
    type: 'RefundPayment',
    payload: { orderId: context.orderId, reason: undoReason(context) },
  }),
};

export type CompensationStep = keyof typeof compensations;

export interface PendingCompensation {
  step: CompensationStep;
  /** Its command has been written at least once. */
  issued: boolean;
}

interface Step {
  /** How a failure reason names it. */
  name: string;
  deadline: DeadlineKind;
  undoneBy: CompensationStep;
  command: (context: OrderSagaContext) => SagaCommand;
}

/**
 * The forward steps, in order: the command each sends, the timeout its reply is
 * awaited under, and the compensation that undoes it once it may have taken effect.
 */
export const steps = {
  reserveStock: {
    name: 'stock reservation',
    deadline: 'stock',
    undoneBy: 'releaseStock',
    command: (context: OrderSagaContext): SagaCommand => ({
      type: 'ReserveStock',
      payload: { orderId: context.orderId, customerId: context.customerId, items: context.items },
    }),
  },
  processPayment: {
    name: 'payment',
    deadline: 'payment',
    undoneBy: 'refundPayment',
    command: (context: OrderSagaContext): SagaCommand => ({
      type: 'ProcessPayment',
      payload: {
        orderId: context.orderId,
        customerId: context.customerId,
        amountCents: context.totalCents ?? 0,
      },
    }),
  },
} as const satisfies Record<string, Step>;

export type ForwardStep = keyof typeof steps;
const stepOrder = Object.keys(steps) as ForwardStep[];

/** The steps up to and including `step`: all of them may have taken effect while it waits. */
export const stepsThrough = (step: ForwardStep) => stepOrder.slice(0, stepOrder.indexOf(step) + 1);

export const eventTime = (event: SagaEvent | { type: string }, fallback: string): string =>
  'at' in event && typeof event.at === 'string' ? event.at : fallback;

export const withoutStep = (pending: PendingCompensation[], step: CompensationStep) =>
  pending.filter((compensation) => compensation.step !== step);

export const register = (pending: PendingCompensation[], step: CompensationStep) =>
  pending.some((compensation) => compensation.step === step)
    ? pending
    : [...pending, { step, issued: false }];

export const topCommand = (context: OrderSagaContext): SagaCommand[] => {
  const top = context.compensations.at(-1);
  return top === undefined ? [] : [compensations[top.step](context)];
};
