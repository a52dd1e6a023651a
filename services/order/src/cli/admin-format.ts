import {
  assertNever,
  type CliAnswer,
  type CliOutput,
  type CliRequest,
  printed,
  problemOutput,
  truncate,
} from '@sagaflow/service-kit';
import type { Static } from '@sinclair/typebox';
import type { OrderList } from '../orders/schemas.js';
import { formatTimeline, type OrderView } from '../orders/timeline-text.js';
import type { OrderCommand } from './admin-args.js';

type OrderListJson = Static<typeof OrderList>;

/** What POST /admin/orders/:id/{action} answers. */
export interface OperatorResult {
  id: string;
  from: string;
  to: string;
  outcome: string;
}

const showRequest = (orderId: string): CliRequest => ({
  method: 'GET',
  path: `/orders/${encodeURIComponent(orderId)}`,
});

/** The request a command makes first; an action then reads the order (showRequest) to print its timeline. */
export function orderRequest(command: OrderCommand): CliRequest {
  switch (command.kind) {
    case 'act':
      return {
        method: 'POST',
        path: `/admin/orders/${encodeURIComponent(command.orderId)}/${command.action}`,
        body: { reason: command.reason },
      };
    case 'parked':
    case 'overdue':
      return { method: 'GET', path: `/admin/sagas/${command.kind}` };
    case 'show':
      return showRequest(command.orderId);
    default:
      return assertNever(command);
  }
}

/** After a successful action, the order it acted on is read again: its timeline ends with the action. */
export const followUpRequest = (command: OrderCommand): CliRequest | undefined =>
  command.kind === 'act' ? showRequest(command.orderId) : undefined;

/** What a command prints for its answer (and, for an action, the order read after it). */
export function formatOrderAnswer(command: OrderCommand, answer: CliAnswer, followUp?: CliAnswer): CliOutput {
  if (answer.status < 200 || answer.status >= 300) return problemOutput(answer);
  switch (command.kind) {
    case 'act': {
      const { from, to, outcome } = answer.body as OperatorResult;
      const head = `${command.action} ${command.orderId}: ${from} → ${to} (${outcome})`;
      if (followUp === undefined) return printed([head]);
      if (followUp.status !== 200) {
        // The action is done: only reading its timeline failed, which the operator is told.
        const { err } = problemOutput(followUp);
        return { out: [head], err: ['could not read the order after it:', ...err], exitCode: 0 };
      }
      return printed([head, ...formatTimeline(followUp.body as OrderView)]);
    }
    case 'parked':
    case 'overdue': {
      const { items, nextCursor } = answer.body as OrderListJson;
      if (items.length === 0) return printed([`no ${command.kind} sagas`]);
      return printed([
        ...items.map(orderLine),
        ...(nextCursor === null ? [] : [`(the first ${items.length}; there are more)`]),
      ]);
    }
    case 'show':
      return printed(formatTimeline(answer.body as OrderView));
    default:
      return assertNever(command);
  }
}

/** One saga a line: when placed, which, where it stands, whose, how much, and why it failed. */
export function orderLine(order: OrderListJson['items'][number]): string {
  const total = order.totalCents === null ? 'no total' : `${order.totalCents}c`;
  const failure = order.failureReason === null ? '' : `  ${truncate(order.failureReason, 80)}`;
  return `${order.createdAt}  ${order.id}  ${order.status}  ${order.customerId}  ${total}${failure}`;
}
