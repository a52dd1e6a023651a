import { Type } from '@sinclair/typebox';
import { topics } from '../topics.js';
import { defineMessage } from './define.js';
import { Cents, CustomerId, maxOrderLines, OrderId, Reason, RequestedLine } from './fields.js';

/** Reserve every line or none; inventory prices the lines from its catalog. */
export const ReserveStock = defineMessage({
  type: 'ReserveStock',
  schemaVersion: 1,
  topic: topics.inventoryCommands,
  payload: Type.Object(
    {
      orderId: OrderId,
      customerId: CustomerId,
      items: Type.Array(RequestedLine, { minItems: 1, maxItems: maxOrderLines }),
    },
    { additionalProperties: false },
  ),
});

/** Compensation: return what the order reserved. Also forbids a later reservation for it. */
export const ReleaseStock = defineMessage({
  type: 'ReleaseStock',
  schemaVersion: 1,
  topic: topics.inventoryCommands,
  payload: Type.Object({ orderId: OrderId, reason: Reason }, { additionalProperties: false }),
});

/** Turns the order's reservation into a sale. No reply: the saga is already confirmed. */
export const CommitStock = defineMessage({
  type: 'CommitStock',
  schemaVersion: 1,
  topic: topics.inventoryCommands,
  payload: Type.Object({ orderId: OrderId }, { additionalProperties: false }),
});

export const ProcessPayment = defineMessage({
  type: 'ProcessPayment',
  schemaVersion: 1,
  topic: topics.paymentCommands,
  payload: Type.Object(
    { orderId: OrderId, customerId: CustomerId, amountCents: Cents },
    { additionalProperties: false },
  ),
});

/** Compensation: credit back whatever the order was charged. Also forbids a later charge for it. */
export const RefundPayment = defineMessage({
  type: 'RefundPayment',
  schemaVersion: 1,
  topic: topics.paymentCommands,
  payload: Type.Object({ orderId: OrderId, reason: Reason }, { additionalProperties: false }),
});

export const inventoryCommands = [ReserveStock, ReleaseStock, CommitStock] as const;
export const paymentCommands = [ProcessPayment, RefundPayment] as const;
