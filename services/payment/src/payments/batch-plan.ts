import type {
  MessageOf,
  PayloadOf,
  PaymentFailed,
  PaymentProcessed,
  PaymentRefunded,
  ProcessPayment,
  paymentCommands,
  RefundPayment,
} from '@sagaflow/contracts';
import { assertNever } from '@sagaflow/service-kit';
import {
  BatchState,
  type BatchWrites,
  byOrder,
  chargedPayment,
  compareText,
  failedPayment,
  type LockedWallets,
  orderKey,
  type PaymentState,
  voidedPayment,
} from './batch-state.js';
import { decidePayment, decideRefund, type PaymentOutcome } from './decisions.js';

export type PaymentCommand = MessageOf<typeof paymentCommands>;

export type PaymentReply =
  | { type: 'PaymentProcessed'; payload: PayloadOf<typeof PaymentProcessed> }
  | { type: 'PaymentFailed'; payload: PayloadOf<typeof PaymentFailed> }
  | { type: 'PaymentRefunded'; payload: PayloadOf<typeof PaymentRefunded> };

/** What the command's own logger says of its decision. */
export interface LogNote {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

/** The answer to one command of the batch, at the command's index. */
export interface CommandResult {
  reply: PaymentReply;
  note: LogNote;
}

export interface BatchPlan {
  results: CommandResult[];
  writes: BatchWrites;
}

/** The orders whose payment rows the batch locks, each once. */
export function ordersToLock(commands: readonly PaymentCommand[]): string[] {
  return [...new Set(commands.map((command) => orderKey(command.payload.orderId)))].sort(compareText);
}

/**
 * The wallets the batch may draw on or credit, each once: the customer of a
 * ProcessPayment for an order with no row yet, and the customer of a locked
 * charged row a RefundPayment gives back.
 */
export function walletsToLock(
  commands: readonly PaymentCommand[],
  stored: readonly PaymentState[],
): string[] {
  const rows = byOrder(stored);
  const customers = new Set<string>();
  for (const command of commands) {
    const row = rows.get(orderKey(command.payload.orderId));
    switch (command.type) {
      case 'ProcessPayment':
        // An order that has an answer never touches the wallet, so it need not wait for its lock.
        if (row === undefined) customers.add(command.payload.customerId);
        break;
      case 'RefundPayment':
        if (row?.status === 'charged' && row.customerId !== null) customers.add(row.customerId);
        break;
      default:
        assertNever(command);
    }
  }
  return [...customers].sort(compareText);
}

/**
 * Decides the batch's commands one after another, in offset order, each on the
 * rows and balances the earlier ones left: the outcome of handling them one by one.
 */
export function planBatch(
  commands: readonly PaymentCommand[],
  stored: readonly PaymentState[],
  wallets: LockedWallets,
  newId: () => string,
): BatchPlan {
  const state = new BatchState(stored, wallets);
  const results = commands.map((command): CommandResult => {
    switch (command.type) {
      case 'ProcessPayment':
        return planCharge(command.payload, state, newId);
      case 'RefundPayment':
        return planRefund(command.payload, state, newId);
      default:
        return assertNever(command);
    }
  });
  return { results, writes: state.writes() };
}

function planCharge(
  { orderId, customerId, amountCents }: PayloadOf<typeof ProcessPayment>,
  state: BatchState,
  newId: () => string,
): CommandResult {
  const existing = state.payment(orderId);
  const wallet = existing === undefined ? state.wallet(customerId) : undefined;
  const decision = decidePayment(existing, wallet, amountCents);
  switch (decision.action) {
    case 'charge': {
      const paymentId = newId();
      state.record(chargedPayment({ orderId, paymentId, customerId, amountCents }));
      state.move({ id: newId(), customerId, orderId, kind: 'debit', amountCents });
      return {
        reply: { type: 'PaymentProcessed', payload: { orderId, paymentId, amountCents } },
        note: info(
          { customerId, amountCents, paymentId, balanceAfterCents: decision.balanceAfterCents },
          'payment charged',
        ),
      };
    }
    case 'refuse':
      state.record(
        failedPayment({
          orderId,
          paymentId: newId(),
          customerId,
          amountCents,
          failureReason: decision.reason,
        }),
      );
      return {
        reply: { type: 'PaymentFailed', payload: { orderId, reason: decision.reason } },
        note: info({ customerId, amountCents, reason: decision.reason }, 'payment refused'),
      };
    case 'repeat':
      return {
        reply: replyOf(orderId, decision.outcome),
        note: decision.requestedAmountDiffers
          ? {
              level: 'warn',
              fields: { requestedCents: amountCents, chargedCents: existing?.amountCents },
              message: 'order charged before with another amount; repeating the original charge',
            }
          : info({ outcome: decision.outcome.type }, 'order already answered; repeating'),
      };
    default:
      return assertNever(decision);
  }
}

function planRefund(
  { orderId, reason }: PayloadOf<typeof RefundPayment>,
  state: BatchState,
  newId: () => string,
): CommandResult {
  const existing = state.payment(orderId);
  const decision = decideRefund(existing);
  switch (decision.action) {
    case 'credit': {
      // decideRefund only credits an existing charged row, and the schema ties a customer to it.
      if (existing?.customerId == null) throw new Error(`charged payment for ${orderId} has no customer`);
      const { customerId } = existing;
      state.move({ id: newId(), customerId, orderId, kind: 'credit', amountCents: decision.amountCents });
      state.record({
        ...existing,
        status: 'refunded',
        refundedCents: existing.refundedCents + decision.amountCents,
      });
      return {
        reply: refunded(orderId, decision.amountCents),
        note: info({ customerId, amountCents: decision.amountCents, reason }, 'payment refunded'),
      };
    }
    case 'void':
      state.record(voidedPayment(orderId, newId()));
      return {
        reply: refunded(orderId, 0),
        note: info({ reason }, 'refund before any charge; order voided'),
      };
    case 'repeat':
      return {
        reply: refunded(orderId, decision.refundedCents),
        note: info(
          { status: existing?.status, refundedCents: decision.refundedCents },
          'refund already settled; repeating',
        ),
      };
    default:
      return assertNever(decision);
  }
}

function replyOf(orderId: string, outcome: PaymentOutcome): PaymentReply {
  switch (outcome.type) {
    case 'PaymentProcessed':
      return {
        type: 'PaymentProcessed',
        payload: { orderId, paymentId: outcome.paymentId, amountCents: outcome.amountCents },
      };
    case 'PaymentFailed':
      return { type: 'PaymentFailed', payload: { orderId, reason: outcome.reason } };
    default:
      return assertNever(outcome);
  }
}

function refunded(orderId: string, amountCents: number): PaymentReply {
  return { type: 'PaymentRefunded', payload: { orderId, amountCents } };
}

function info(fields: Record<string, unknown>, message: string): LogNote {
  return { level: 'info', fields, message };
}
