import type { PricedLine, RequestedLine } from '@sagaflow/contracts';
import type { Static } from '@sinclair/typebox';
import { assign, enqueueActions, setup } from 'xstate';
import type { SagaCommand, SagaEvent } from './events.js';

export type CompensationStep = 'refundPayment' | 'releaseStock';

export interface PendingCompensation {
  step: CompensationStep;
  /** Its command has been written at least once. */
  issued: boolean;
}

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

const commandFor = (step: CompensationStep, context: OrderSagaContext): SagaCommand =>
  step === 'releaseStock'
    ? {
        type: 'ReleaseStock',
        payload: { orderId: context.orderId, reason: context.failureReason ?? 'order cancelled' },
      }
    : {
        type: 'RefundPayment',
        payload: { orderId: context.orderId, reason: context.failureReason ?? 'order cancelled' },
      };

const reserveStockCommand = (context: OrderSagaContext): SagaCommand => ({
  type: 'ReserveStock',
  payload: { orderId: context.orderId, customerId: context.customerId, items: context.items },
});

const processPaymentCommand = (context: OrderSagaContext): SagaCommand => ({
  type: 'ProcessPayment',
  payload: { orderId: context.orderId, customerId: context.customerId, amountCents: context.totalCents ?? 0 },
});

const eventTime = (event: SagaEvent | { type: string }, fallback: string): string =>
  'at' in event && typeof event.at === 'string' ? event.at : fallback;

const withoutStep = (compensations: PendingCompensation[], step: CompensationStep) =>
  compensations.filter((compensation) => compensation.step !== step);

const register = (compensations: PendingCompensation[], step: CompensationStep) =>
  compensations.some((compensation) => compensation.step === step)
    ? compensations
    : [...compensations, { step, issued: false }];

function describeOperator(event: SagaEvent, what: string): string {
  return 'actor' in event ? `${what} by ${event.actor}: ${event.reason}` : what;
}

/**
 * The order saga as data: steps, the replies each one waits for, and the
 * compensations registered as steps succeed. Pure: actions only emit commands for
 * the runner to write to the outbox, and time arrives on events.
 */
export function createOrderSagaMachine(options: OrderSagaMachineOptions) {
  return setup({
    types: {
      context: {} as OrderSagaContext,
      events: {} as SagaEvent,
      input: {} as OrderSagaInput,
      emitted: {} as SagaCommand,
    },
    guards: {
      isTopCompensation: ({ context }, step: CompensationStep) => context.compensations.at(-1)?.step === step,
      isPendingCompensation: ({ context }, step: CompensationStep) =>
        context.compensations.some((compensation) => compensation.step === step),
      nothingLeftToCompensate: ({ context }) => context.compensations.length === 0,
      compensationBudgetLeft: ({ context }) => context.attempt < context.compensationMaxAttempts,
    },
    actions: {
      startStep: assign(({ context, event }) => ({
        attempt: 1,
        stepStartedAt: eventTime(event, context.stepStartedAt),
      })),
      reserveStock: enqueueActions(({ context, enqueue }) => enqueue.emit(reserveStockCommand(context))),
      processPayment: enqueueActions(({ context, enqueue }) => enqueue.emit(processPaymentCommand(context))),
      /** An operator's retry, or a compensation's retry within its budget: the same command again. */
      retryStep: enqueueActions(
        ({ context, event, enqueue }, step: 'reservation' | 'payment' | 'compensation') => {
          if (step === 'reservation') enqueue.emit(reserveStockCommand(context));
          else if (step === 'payment') enqueue.emit(processPaymentCommand(context));
          else {
            const top = context.compensations.at(-1);
            if (top !== undefined) enqueue.emit(commandFor(top.step, context));
          }
          enqueue.assign({
            attempt: context.attempt + 1,
            stepStartedAt: eventTime(event, context.stepStartedAt),
          });
        },
      ),
      recordReservation: assign(({ context, event }) =>
        event.type === 'StockReserved'
          ? {
              lines: event.payload.lines,
              totalCents: event.payload.totalCents,
              compensations: register(context.compensations, 'releaseStock'),
            }
          : {},
      ),
      recordReservationFailure: assign(({ event }) => {
        if (event.type !== 'StockReservationFailed') return {};
        const { reason, shortfalls } = event.payload;
        if (reason === 'order_released')
          return { failureReason: 'stock reservation refused: the order was already released' };
        const short = shortfalls.map((line) =>
          line.reason === 'unknown_sku'
            ? `${line.sku} (unknown sku)`
            : `${line.sku} (requested ${line.requested}, available ${line.available})`,
        );
        return { failureReason: `out of stock: ${short.join(', ')}` };
      }),
      compensateReservationTimeout: assign(({ context }) => ({
        failureReason: 'stock reservation missed its deadline',
        compensations: register(context.compensations, 'releaseStock'),
      })),
      compensatePaymentFailure: assign(({ event }) =>
        event.type === 'PaymentFailed' ? { failureReason: `payment failed: ${event.payload.reason}` } : {},
      ),
      compensatePaymentTimeout: assign(({ context }) => ({
        failureReason: 'payment missed its deadline',
        compensations: options.refundOnPaymentTimeout
          ? register(context.compensations, 'refundPayment')
          : context.compensations,
      })),
      /** From the payment step, the charge may be in flight: refund it too. */
      compensateByOperator: assign(({ context, event }, stepsToUndo: CompensationStep[]) => ({
        failureReason: describeOperator(event, 'compensation forced'),
        compensations: stepsToUndo.reduce(register, context.compensations),
      })),
      issueNextCompensation: enqueueActions(({ context, event, enqueue }) => {
        const top = context.compensations.at(-1);
        if (top === undefined) return;
        if (!top.issued) enqueue.emit(commandFor(top.step, context));
        enqueue.assign({
          compensations: [...context.compensations.slice(0, -1), { ...top, issued: true }],
          attempt: 1,
          stepStartedAt: eventTime(event, context.stepStartedAt),
        });
      }),
      completeCompensation: assign(({ context }, step: CompensationStep) => ({
        compensations: withoutStep(context.compensations, step),
      })),
      reissueTopCompensation: assign(({ context }) => ({
        compensations: context.compensations.map((compensation, index) =>
          index === context.compensations.length - 1 ? { ...compensation, issued: false } : compensation,
        ),
      })),
      refundLatePayment: enqueueActions(({ context, event, enqueue }) => {
        enqueue.emit(commandFor('refundPayment', context));
        const others = withoutStep(context.compensations, 'refundPayment');
        enqueue.assign({
          compensations: [...others, { step: 'refundPayment', issued: true }],
          attempt: 1,
          stepStartedAt: eventTime(event, context.stepStartedAt),
        });
      }),
      refundAfterCancellation: enqueueActions(({ context, enqueue }) => {
        enqueue.emit(commandFor('refundPayment', context));
      }),
      releaseAfterCancellation: enqueueActions(({ context, enqueue }) => {
        enqueue.emit(commandFor('releaseStock', context));
      }),
      park: assign(({ context }) => ({
        failureReason: `${context.failureReason ?? 'compensation'}; compensation ${context.compensations.at(-1)?.step ?? ''} failed ${context.attempt} times`,
      })),
      recordResolution: assign(({ event }) =>
        event.type === 'Resolve' ? { resolution: { actor: event.actor, reason: event.reason } } : {},
      ),
      confirmOrder: enqueueActions(({ context, enqueue }) => {
        enqueue.emit({ type: 'CommitStock', payload: { orderId: context.orderId } });
        enqueue.emit({
          type: 'OrderConfirmed',
          payload: { orderId: context.orderId, totalCents: context.totalCents ?? 0 },
        });
      }),
      announceCancellation: enqueueActions(({ context, enqueue }) => {
        enqueue.emit({
          type: 'OrderCancelled',
          payload: { orderId: context.orderId, reason: context.failureReason ?? 'cancelled' },
        });
      }),
    },
  }).createMachine({
    id: 'orderSaga',
    version: String(options.version),
    initial: 'reservingStock',
    context: ({ input }) => ({
      orderId: input.orderId,
      customerId: input.customerId,
      items: input.items,
      lines: null,
      totalCents: null,
      compensations: [],
      attempt: 1,
      stepStartedAt: input.at,
      compensationMaxAttempts: input.compensationMaxAttempts,
      failureReason: null,
      resolution: null,
    }),
    states: {
      reservingStock: {
        meta: { deadline: 'stock' satisfies DeadlineKind },
        entry: ['startStep', 'reserveStock'],
        on: {
          StockReserved: { target: 'processingPayment', actions: 'recordReservation' },
          StockReservationFailed: { target: 'cancelled', actions: 'recordReservationFailure' },
          DeadlineExpired: { target: 'compensating', actions: 'compensateReservationTimeout' },
          ForceCompensation: {
            target: 'compensating',
            actions: { type: 'compensateByOperator', params: ['releaseStock'] },
          },
          RetryStep: { actions: { type: 'retryStep', params: 'reservation' } },
        },
      },
      processingPayment: {
        meta: { deadline: 'payment' satisfies DeadlineKind },
        entry: ['startStep', 'processPayment'],
        on: {
          PaymentProcessed: { target: 'confirmed' },
          PaymentFailed: { target: 'compensating', actions: 'compensatePaymentFailure' },
          DeadlineExpired: { target: 'compensating', actions: 'compensatePaymentTimeout' },
          ForceCompensation: {
            target: 'compensating',
            actions: { type: 'compensateByOperator', params: ['releaseStock', 'refundPayment'] },
          },
          RetryStep: { actions: { type: 'retryStep', params: 'payment' } },
        },
      },
      compensating: {
        meta: { deadline: 'compensation' satisfies DeadlineKind },
        entry: 'issueNextCompensation',
        always: { guard: 'nothingLeftToCompensate', target: 'cancelled' },
        on: {
          StockReleased: [
            {
              guard: { type: 'isTopCompensation', params: 'releaseStock' },
              target: 'compensating',
              reenter: true,
              actions: { type: 'completeCompensation', params: 'releaseStock' },
            },
            {
              guard: { type: 'isPendingCompensation', params: 'releaseStock' },
              actions: { type: 'completeCompensation', params: 'releaseStock' },
            },
          ],
          PaymentRefunded: [
            {
              guard: { type: 'isTopCompensation', params: 'refundPayment' },
              target: 'compensating',
              reenter: true,
              actions: { type: 'completeCompensation', params: 'refundPayment' },
            },
            {
              guard: { type: 'isPendingCompensation', params: 'refundPayment' },
              actions: { type: 'completeCompensation', params: 'refundPayment' },
            },
          ],
          PaymentProcessed: { actions: 'refundLatePayment' },
          DeadlineExpired: [
            { guard: 'compensationBudgetLeft', actions: { type: 'retryStep', params: 'compensation' } },
            { target: 'compensationFailed', actions: 'park' },
          ],
          RetryStep: { actions: { type: 'retryStep', params: 'compensation' } },
        },
      },
      compensationFailed: {
        tags: ['parked'],
        on: {
          RetryStep: { target: 'compensating', actions: 'reissueTopCompensation' },
          Resolve: { target: 'resolved', actions: 'recordResolution' },
          StockReleased: {
            guard: { type: 'isPendingCompensation', params: 'releaseStock' },
            target: 'compensating',
            actions: { type: 'completeCompensation', params: 'releaseStock' },
          },
          PaymentRefunded: {
            guard: { type: 'isPendingCompensation', params: 'refundPayment' },
            target: 'compensating',
            actions: { type: 'completeCompensation', params: 'refundPayment' },
          },
          PaymentProcessed: { actions: 'refundLatePayment' },
        },
      },
      confirmed: {
        tags: ['terminal'],
        entry: 'confirmOrder',
      },
      cancelled: {
        tags: ['terminal'],
        entry: 'announceCancellation',
        on: {
          PaymentProcessed: { actions: 'refundAfterCancellation' },
          StockReserved: { actions: 'releaseAfterCancellation' },
        },
      },
      resolved: {
        tags: ['terminal'],
      },
    },
  });
}

export type OrderSagaMachine = ReturnType<typeof createOrderSagaMachine>;
