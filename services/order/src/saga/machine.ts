import { assign, enqueueActions, type StateValueFrom, setup } from 'xstate';
import type { SagaCommand, SagaEvent } from './events.js';
import {
  type CompensationStep,
  compensations,
  type DeadlineKind,
  eventTime,
  type ForwardStep,
  type OrderSagaContext,
  type OrderSagaInput,
  type OrderSagaMachineOptions,
  register,
  steps,
  stepsThrough,
  topCommand,
  withoutStep,
} from './steps.js';

/** The top compensation's reply re-enters `compensating` to issue the next; a lower one only completes. */
const completedBy = (step: CompensationStep) =>
  [
    {
      guard: { type: 'isTopCompensation', params: step },
      target: 'compensating',
      reenter: true,
      actions: { type: 'completeCompensation', params: step },
    },
    {
      guard: { type: 'isPendingCompensation', params: step },
      actions: { type: 'completeCompensation', params: step },
    },
  ] as const;

/** A compensation's reply after parking: the saga resumes with what is left. */
const resumedBy = (step: CompensationStep) =>
  ({
    guard: { type: 'isPendingCompensation', params: step },
    target: 'compensating',
    actions: { type: 'completeCompensation', params: step },
  }) as const;

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
      /** On start the step began when the order was placed: its clock is the creation time. */
      announceCreation: enqueueActions(({ context, enqueue }) => {
        const { orderId, customerId, items, stepStartedAt } = context;
        enqueue.emit({
          type: 'OrderCreated',
          payload: { orderId, customerId, items, createdAt: stepStartedAt },
        });
      }),
      startStep: enqueueActions(({ context, event, enqueue }, step: ForwardStep) => {
        enqueue.emit(steps[step].command(context));
        enqueue.assign({ attempt: 1, stepStartedAt: eventTime(event, context.stepStartedAt) });
      }),
      /** An operator's retry, or a compensation's retry within its budget: the same command again. */
      retryStep: enqueueActions(({ context, event, enqueue }, step: ForwardStep | 'compensation') => {
        const commands = step === 'compensation' ? topCommand(context) : [steps[step].command(context)];
        for (const command of commands) enqueue.emit(command);
        enqueue.assign({
          attempt: context.attempt + 1,
          stepStartedAt: eventTime(event, context.stepStartedAt),
        });
      }),
      recordReservation: assign(({ context, event }) =>
        event.type === 'StockReserved'
          ? {
              lines: event.payload.lines,
              totalCents: event.payload.totalCents,
              compensations: register(context.compensations, steps.reserveStock.undoneBy),
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
      recordPaymentFailure: assign(({ event }) =>
        event.type === 'PaymentFailed' ? { failureReason: `payment failed: ${event.payload.reason}` } : {},
      ),
      /** No reply in time: the step may still have taken effect, so undo it unless this version trusts it. */
      stepTimedOut: assign(({ context }, step: ForwardStep) => ({
        failureReason: `${steps[step].name} missed its deadline`,
        compensations:
          step === 'processPayment' && !options.refundOnPaymentTimeout
            ? context.compensations
            : register(context.compensations, steps[step].undoneBy),
      })),
      forceCompensation: assign(({ context, event }, step: ForwardStep) => ({
        failureReason:
          'actor' in event ? `compensation forced by ${event.actor}: ${event.reason}` : 'compensation forced',
        compensations: stepsThrough(step)
          .map((done) => steps[done].undoneBy)
          .reduce(register, context.compensations),
      })),
      issueNextCompensation: enqueueActions(({ context, event, enqueue }) => {
        const top = context.compensations.at(-1);
        if (top === undefined) return;
        if (!top.issued) enqueue.emit(compensations[top.step](context));
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
      /** A step that succeeded after compensation began: undo it first, and await that reply. */
      undoLateStep: enqueueActions(({ context, event, enqueue }, step: ForwardStep) => {
        const undo = steps[step].undoneBy;
        enqueue.emit(compensations[undo](context));
        enqueue.assign({
          compensations: [...withoutStep(context.compensations, undo), { step: undo, issued: true }],
          attempt: 1,
          stepStartedAt: eventTime(event, context.stepStartedAt),
        });
      }),
      /** The saga is over, so nothing awaits the undo's reply. */
      undoAfterCancellation: enqueueActions(({ context, enqueue }, step: ForwardStep) => {
        enqueue.emit(compensations[steps[step].undoneBy](context));
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
    entry: 'announceCreation',
    states: {
      reservingStock: {
        meta: { deadline: steps.reserveStock.deadline },
        entry: { type: 'startStep', params: 'reserveStock' },
        on: {
          StockReserved: { target: 'processingPayment', actions: 'recordReservation' },
          StockReservationFailed: { target: 'cancelled', actions: 'recordReservationFailure' },
          DeadlineExpired: {
            target: 'compensating',
            actions: { type: 'stepTimedOut', params: 'reserveStock' },
          },
          ForceCompensation: {
            target: 'compensating',
            actions: { type: 'forceCompensation', params: 'reserveStock' },
          },
          RetryStep: { actions: { type: 'retryStep', params: 'reserveStock' } },
        },
      },
      processingPayment: {
        meta: { deadline: steps.processPayment.deadline },
        entry: { type: 'startStep', params: 'processPayment' },
        on: {
          PaymentProcessed: { target: 'confirmed' },
          PaymentFailed: { target: 'compensating', actions: 'recordPaymentFailure' },
          DeadlineExpired: {
            target: 'compensating',
            actions: { type: 'stepTimedOut', params: 'processPayment' },
          },
          ForceCompensation: {
            target: 'compensating',
            actions: { type: 'forceCompensation', params: 'processPayment' },
          },
          RetryStep: { actions: { type: 'retryStep', params: 'processPayment' } },
        },
      },
      compensating: {
        meta: { deadline: 'compensation' satisfies DeadlineKind },
        entry: 'issueNextCompensation',
        always: { guard: 'nothingLeftToCompensate', target: 'cancelled' },
        on: {
          StockReleased: completedBy('releaseStock'),
          PaymentRefunded: completedBy('refundPayment'),
          PaymentProcessed: { actions: { type: 'undoLateStep', params: 'processPayment' } },
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
          StockReleased: resumedBy('releaseStock'),
          PaymentRefunded: resumedBy('refundPayment'),
          PaymentProcessed: { actions: { type: 'undoLateStep', params: 'processPayment' } },
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
          PaymentProcessed: { actions: { type: 'undoAfterCancellation', params: 'processPayment' } },
          StockReserved: { actions: { type: 'undoAfterCancellation', params: 'reserveStock' } },
        },
      },
      resolved: {
        tags: ['terminal'],
      },
    },
  });
}

export type OrderSagaMachine = ReturnType<typeof createOrderSagaMachine>;

/** Every state of the saga, named once: in the machine's `states`. */
export type SagaState = StateValueFrom<OrderSagaMachine>;
