import { describe, expect, it } from 'vitest';
import type { OrderView } from '../orders/timeline-text.js';
import { parseAdminArgs } from './admin-args.js';
import { followUpRequest, formatOrderAnswer, orderRequest } from './admin-format.js';

const id = '0192f0a4-6b1e-7c3d-8e9f-0a1b2c3d4e5f';
const command = (...argv: string[]) => {
  const parsed = parseAdminArgs(argv, { SAGAFLOW_TOKEN: 'tok' });
  if (parsed.kind === 'dead-letters') throw new Error('not an order command');
  return parsed;
};

// Recorded answers, shaped as the order service answers them.
const view: OrderView = {
  order: {
    id,
    customerId: 'alice',
    traceId: null,
    items: [{ sku: 'MUG', quantity: 2 }],
    lines: null,
    totalCents: null,
    status: 'resolved',
    failureReason: 'compensation releaseStock failed 2 times',
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:05:00.000Z',
  },
  saga: {
    machineVersion: 2,
    state: 'resolved',
    deadline: null,
    attempt: 1,
    accepts: [],
    compensationsPending: [],
  },
  timeline: [
    {
      seq: 1,
      at: '2026-12-01T10:00:00.100Z',
      from: null,
      to: 'reservingStock',
      event: 'OrderPlaced',
      outcome: 'transitioned',
      actor: 'api',
      reason: null,
      messageId: null,
      messages: [],
    },
    {
      seq: 2,
      at: '2026-12-01T10:05:00.000Z',
      from: 'compensationFailed',
      to: 'resolved',
      event: 'Resolve',
      outcome: 'transitioned',
      actor: 'operator:ann',
      reason: 'counted by hand',
      messageId: null,
      messages: [],
    },
  ],
};
const summary = {
  id,
  customerId: 'alice',
  status: 'compensationFailed' as const,
  totalCents: 2500,
  failureReason: 'payment failed: insufficient_funds; compensation releaseStock failed 2 times',
  createdAt: '2026-12-01T10:00:00.000Z',
};

describe('the order admin CLI’s requests', () => {
  it('acts with the reason, then reads the order; lists and shows by GET', () => {
    const resolve = command('resolve', id, '--reason', 'counted by hand');
    expect(orderRequest(resolve)).toEqual({
      method: 'POST',
      path: `/admin/orders/${id}/resolve`,
      body: { reason: 'counted by hand' },
    });
    expect(followUpRequest(resolve)).toEqual({ method: 'GET', path: `/orders/${id}` });
    expect(orderRequest(command('overdue'))).toEqual({ method: 'GET', path: '/admin/sagas/overdue' });
    expect(orderRequest(command('parked'))).toEqual({ method: 'GET', path: '/admin/sagas/parked' });
    expect(orderRequest(command('show', id))).toEqual({ method: 'GET', path: `/orders/${id}` });
    expect(followUpRequest(command('show', id))).toBeUndefined();
  });
});

describe('the order admin CLI’s output', () => {
  it('shows an order as its timeline', () => {
    expect(formatOrderAnswer(command('show', id), { status: 200, body: view }).out).toEqual([
      `order ${id}: resolved, failure: compensation releaseStock failed 2 times`,
      '#1 10:00:00.100  OrderPlaced: start → reservingStock  by api',
      '#2 10:05:00.000  Resolve: compensationFailed → resolved  by operator:ann — counted by hand',
    ]);
  });

  it('prints an action as from → to (outcome), then the timeline it ends', () => {
    const output = formatOrderAnswer(
      command('resolve', id, '--reason', 'counted by hand'),
      { status: 200, body: { id, from: 'compensationFailed', to: 'resolved', outcome: 'transitioned' } },
      { status: 200, body: view },
    );
    expect(output.exitCode).toBe(0);
    expect(output.out[0]).toBe(`resolve ${id}: compensationFailed → resolved (transitioned)`);
    expect(output.out.at(-1)).toContain('Resolve: compensationFailed → resolved  by operator:ann');
  });

  it('tells when the action was done but the order could not be read after it', () => {
    expect(
      formatOrderAnswer(
        command('retry', id, '--reason', 'r'),
        {
          status: 200,
          body: { id, from: 'compensationFailed', to: 'compensating', outcome: 'transitioned' },
        },
        { status: 503, body: { title: 'Service Unavailable', status: 503, detail: 'shutting down' } },
      ),
    ).toEqual({
      exitCode: 0,
      out: [`retry ${id}: compensationFailed → compensating (transitioned)`],
      err: ['could not read the order after it:', '503 Service Unavailable: shutting down'],
    });
  });

  it('prints a refused action as its problem, exit 1', () => {
    const conflict = {
      status: 409,
      body: {
        status: 409,
        title: 'Not allowed in this state',
        detail: 'the saga is confirmed, which does not accept Resolve',
      },
    };
    expect(formatOrderAnswer(command('resolve', id, '--reason', 'r'), conflict)).toEqual({
      exitCode: 1,
      out: [],
      err: ['409 Not allowed in this state: the saga is confirmed, which does not accept Resolve'],
    });
  });

  it('lists parked and overdue sagas one a line, and says so when there are none', () => {
    expect(
      formatOrderAnswer(command('parked'), { status: 200, body: { items: [summary], nextCursor: null } }).out,
    ).toEqual([
      `2026-12-01T10:00:00.000Z  ${id}  compensationFailed  alice  2500c  payment failed: insufficient_funds; compensation releaseStock failed 2 times`,
    ]);
    expect(
      formatOrderAnswer(command('overdue'), {
        status: 200,
        body: {
          items: [{ ...summary, status: 'processingPayment', totalCents: null, failureReason: null }],
          nextCursor: id,
        },
      }).out,
    ).toEqual([
      `2026-12-01T10:00:00.000Z  ${id}  processingPayment  alice  no total`,
      '(the first 1; there are more)',
    ]);
    expect(
      formatOrderAnswer(command('overdue'), { status: 200, body: { items: [], nextCursor: null } }).out,
    ).toEqual(['no overdue sagas']);
  });
});
