import { describe, expect, it } from 'vitest';
import { formatTimeline, type OrderView } from './timeline-text.js';

const view: OrderView = {
  order: {
    id: '0190c5a0-0000-7000-8000-000000000001',
    customerId: 'alice',
    traceId: null,
    items: [{ sku: 'widget', quantity: 2 }],
    lines: null,
    totalCents: 2_500,
    status: 'confirmed',
    failureReason: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:01.000Z',
  },
  saga: {
    machineVersion: 2,
    state: 'confirmed',
    deadline: null,
    attempt: 1,
    accepts: [],
    compensationsPending: [],
  },
  timeline: [
    {
      seq: 2,
      at: '2025-01-01T10:00:00.400Z',
      from: 'reservingStock',
      to: 'processingPayment',
      event: 'StockReserved',
      outcome: 'transitioned',
      actor: 'saga',
      reason: null,
      messageId: 'm2',
      messages: [{ id: 'c2', type: 'ProcessPayment', topic: 'payment.commands', publishedAt: null }],
    },
    {
      seq: 1,
      at: '2025-01-01T10:00:00.100Z',
      from: null,
      to: 'reservingStock',
      event: 'OrderPlaced',
      outcome: 'transitioned',
      actor: 'api',
      reason: null,
      messageId: null,
      messages: [
        {
          id: 'c1',
          type: 'ReserveStock',
          topic: 'inventory.commands',
          publishedAt: '2025-01-01T10:00:00.135Z',
        },
      ],
    },
    {
      seq: 3,
      at: '2025-01-01T10:00:02.000Z',
      from: 'confirmed',
      to: 'confirmed',
      event: 'PaymentProcessed',
      outcome: 'ignored',
      actor: 'saga',
      reason: 'duplicate',
      messageId: 'm3',
      messages: [],
    },
  ],
};

describe('formatTimeline', () => {
  it('lists the steps by seq, each with the messages it wrote and when they were published', () => {
    expect(formatTimeline(view)).toEqual([
      'order 0190c5a0-0000-7000-8000-000000000001: confirmed, total 2500c',
      '#1 10:00:00.100  OrderPlaced: start → reservingStock  by api',
      '    wrote ReserveStock → inventory.commands, published 10:00:00.135 (+35 ms)',
      '#2 10:00:00.400  StockReserved: reservingStock → processingPayment  by saga',
      '    wrote ProcessPayment → payment.commands, not published yet',
      '#3 10:00:02.000  PaymentProcessed: confirmed (stays) [ignored]  by saga — duplicate',
    ]);
  });
});
