import { Type } from '@sinclair/typebox';
import { topics } from '../topics.js';
import { defineMessage } from './define.js';
import { Cents, OrderId, PricedLine, Quantity, Sku } from './fields.js';

export const StockReserved = defineMessage({
  type: 'StockReserved',
  schemaVersion: 1,
  topic: topics.orderSagaReplies,
  payload: Type.Object(
    { orderId: OrderId, lines: Type.Array(PricedLine, { minItems: 1 }), totalCents: Cents },
    { additionalProperties: false },
  ),
});

export const Shortfall = Type.Object(
  {
    sku: Sku,
    requested: Quantity,
    available: Type.Integer({ minimum: 0 }),
    reason: Type.Union([Type.Literal('insufficient_stock'), Type.Literal('unknown_sku')]),
  },
  { additionalProperties: false },
);

export const StockReservationFailed = defineMessage({
  type: 'StockReservationFailed',
  schemaVersion: 1,
  topic: topics.orderSagaReplies,
  payload: Type.Object(
    {
      orderId: OrderId,
      /** `order_released`: a ReleaseStock for the order came first, so it may never reserve. */
      reason: Type.Union([Type.Literal('out_of_stock'), Type.Literal('order_released')]),
      shortfalls: Type.Array(Shortfall),
    },
    { additionalProperties: false },
  ),
});

export const StockReleased = defineMessage({
  type: 'StockReleased',
  schemaVersion: 1,
  topic: topics.orderSagaReplies,
  payload: Type.Object(
    {
      orderId: OrderId,
      /** What went back on hand; empty when nothing had been reserved. */
      lines: Type.Array(Type.Object({ sku: Sku, quantity: Quantity }, { additionalProperties: false })),
    },
    { additionalProperties: false },
  ),
});

export const PaymentProcessed = defineMessage({
  type: 'PaymentProcessed',
  schemaVersion: 1,
  topic: topics.orderSagaReplies,
  payload: Type.Object(
    { orderId: OrderId, paymentId: Type.String({ minLength: 1, maxLength: 100 }), amountCents: Cents },
    { additionalProperties: false },
  ),
});

export const PaymentFailed = defineMessage({
  type: 'PaymentFailed',
  schemaVersion: 1,
  topic: topics.orderSagaReplies,
  payload: Type.Object(
    {
      orderId: OrderId,
      /** `order_refunded`: a RefundPayment for the order came first, so it may never be charged. */
      reason: Type.Union([
        Type.Literal('insufficient_funds'),
        Type.Literal('wallet_not_found'),
        Type.Literal('order_refunded'),
      ]),
    },
    { additionalProperties: false },
  ),
});

export const PaymentRefunded = defineMessage({
  type: 'PaymentRefunded',
  schemaVersion: 1,
  topic: topics.orderSagaReplies,
  payload: Type.Object(
    {
      orderId: OrderId,
      /** What went back to the wallet; 0 when the order had never been charged. */
      amountCents: Cents,
    },
    { additionalProperties: false },
  ),
});

/** Listed by sender, so a reply's participant is read off the contracts rather than its name. */
export const inventoryReplies = [StockReserved, StockReservationFailed, StockReleased] as const;
export const paymentReplies = [PaymentProcessed, PaymentFailed, PaymentRefunded] as const;
export const sagaReplies = [...inventoryReplies, ...paymentReplies] as const;
