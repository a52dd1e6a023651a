import { Type } from '@sinclair/typebox';
import { topics } from '../topics.js';
import { defineMessage } from './define.js';
import { Cents, CustomerId, maxOrderLines, OrderId, Reason, RequestedLine } from './fields.js';

const OrderStatus = Type.String({ minLength: 1, maxLength: 50 });
const Instant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
});

export const OrderCreated = defineMessage({
  type: 'OrderCreated',
  schemaVersion: 1,
  topic: topics.orderEvents,
  payload: Type.Object(
    {
      orderId: OrderId,
      customerId: CustomerId,
      items: Type.Array(RequestedLine, { minItems: 1, maxItems: maxOrderLines }),
      createdAt: Instant,
    },
    { additionalProperties: false },
  ),
});

export const OrderConfirmed = defineMessage({
  type: 'OrderConfirmed',
  schemaVersion: 1,
  topic: topics.orderEvents,
  payload: Type.Object({ orderId: OrderId, totalCents: Cents }, { additionalProperties: false }),
});

export const OrderCancelled = defineMessage({
  type: 'OrderCancelled',
  schemaVersion: 1,
  topic: topics.orderEvents,
  payload: Type.Object({ orderId: OrderId, reason: Reason }, { additionalProperties: false }),
});

export const OrderStatusChanged = defineMessage({
  type: 'OrderStatusChanged',
  schemaVersion: 1,
  topic: topics.orderEvents,
  payload: Type.Object(
    { orderId: OrderId, from: OrderStatus, to: OrderStatus, at: Instant },
    { additionalProperties: false },
  ),
});

export const orderEvents = [OrderCreated, OrderConfirmed, OrderCancelled, OrderStatusChanged] as const;
