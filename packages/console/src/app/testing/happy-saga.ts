import type { OrderView, ServiceMessages, TimelineEntry } from '../api/types.js';

/** A happy-path saga as GET /orders/:id and the participants' GET /messages answer it (test data). */
export const orderId = '0b3f5a52-6c1e-4f9a-9a55-3f0d2b7c1e01';
export const ids = {
  orderCreated: 'a0000000-0000-4000-8000-000000000001',
  reserveStock: 'a0000000-0000-4000-8000-000000000002',
  stockReserved: 'b0000000-0000-4000-8000-000000000003',
  processPayment: 'a0000000-0000-4000-8000-000000000004',
  statusToPayment: 'a0000000-0000-4000-8000-000000000005',
  paymentProcessed: 'c0000000-0000-4000-8000-000000000006',
  commitStock: 'a0000000-0000-4000-8000-000000000007',
  orderConfirmed: 'a0000000-0000-4000-8000-000000000008',
  statusToConfirmed: 'a0000000-0000-4000-8000-000000000009',
};

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, 0, ms)).toISOString();

const step = (
  entry: Partial<TimelineEntry> & Pick<TimelineEntry, 'seq' | 'to' | 'event'>,
): TimelineEntry => ({
  at: at(entry.seq * 100),
  from: null,
  outcome: 'transitioned',
  actor: 'saga',
  reason: null,
  messageId: null,
  messages: [],
  ...entry,
});

export function happyOrder(): OrderView {
  return {
    order: {
      id: orderId,
      customerId: 'customer-1',
      status: 'confirmed',
      totalCents: 2500,
      failureReason: null,
      createdAt: at(100),
      updatedAt: at(300),
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
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
      step({
        seq: 1,
        to: 'reservingStock',
        event: 'OrderPlaced',
        actor: 'api',
        messages: [
          { id: ids.orderCreated, type: 'OrderCreated', topic: 'order.events', publishedAt: at(110) },
          { id: ids.reserveStock, type: 'ReserveStock', topic: 'inventory.commands', publishedAt: at(111) },
        ],
      }),
      step({
        seq: 2,
        from: 'reservingStock',
        to: 'processingPayment',
        event: 'StockReserved',
        messageId: ids.stockReserved,
        messages: [
          { id: ids.processPayment, type: 'ProcessPayment', topic: 'payment.commands', publishedAt: at(210) },
          {
            id: ids.statusToPayment,
            type: 'OrderStatusChanged',
            topic: 'order.events',
            publishedAt: at(210),
          },
        ],
      }),
      step({
        seq: 3,
        from: 'processingPayment',
        to: 'confirmed',
        event: 'PaymentProcessed',
        messageId: ids.paymentProcessed,
        messages: [
          { id: ids.commitStock, type: 'CommitStock', topic: 'inventory.commands', publishedAt: at(310) },
          { id: ids.orderConfirmed, type: 'OrderConfirmed', topic: 'order.events', publishedAt: at(310) },
          { id: ids.statusToConfirmed, type: 'OrderStatusChanged', topic: 'order.events', publishedAt: null },
        ],
      }),
    ],
  };
}

export function inventoryMessages(): ServiceMessages {
  return {
    service: 'inventory',
    handled: [
      { messageId: ids.reserveStock, consumerGroup: 'inventory', type: 'ReserveStock', processedAt: at(150) },
      { messageId: ids.commitStock, consumerGroup: 'inventory', type: 'CommitStock', processedAt: at(350) },
    ],
    published: [
      {
        messageId: ids.stockReserved,
        type: 'StockReserved',
        topic: 'order.saga-replies',
        causationId: ids.reserveStock,
        occurredAt: at(150),
        publishedAt: at(160),
      },
    ],
    pending: [],
  };
}

export function paymentMessages(): ServiceMessages {
  return {
    service: 'payment',
    handled: [
      {
        messageId: ids.processPayment,
        consumerGroup: 'payment',
        type: 'ProcessPayment',
        processedAt: at(250),
      },
    ],
    published: [
      {
        messageId: ids.paymentProcessed,
        type: 'PaymentProcessed',
        topic: 'order.saga-replies',
        causationId: ids.processPayment,
        occurredAt: at(250),
        publishedAt: at(260),
      },
    ],
    pending: [],
  };
}
