import { CustomerId, maxOrderLines, OrderId, PricedLine, RequestedLine } from '@sagaflow/contracts';
import { ProblemSchema } from '@sagaflow/service-kit';
import { Type } from '@sinclair/typebox';
import { sagaStates } from '../saga/versions.js';

export const OrderStatus = Type.Union(sagaStates.map((state) => Type.Literal(state)));

export const PlaceOrderBody = Type.Object(
  {
    /** The token's subject when absent; any other customer is refused 403. */
    customerId: Type.Optional(CustomerId),
    items: Type.Array(RequestedLine, { minItems: 1, maxItems: maxOrderLines }),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' }),
  ),
});

export const OrderIdParams = Type.Object({ id: OrderId });

export const PlacedOrder = Type.Object({ id: OrderId, status: OrderStatus });

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const OrderView = Type.Object({
  order: Type.Object({
    id: OrderId,
    customerId: Type.String(),
    items: Type.Array(RequestedLine),
    lines: Nullable(Type.Array(PricedLine)),
    totalCents: Nullable(Type.Integer()),
    status: OrderStatus,
    failureReason: Nullable(Type.String()),
    /** The OpenTelemetry trace id of the order's saga, across the three services; null when tracing was off. */
    traceId: Nullable(Type.String({ pattern: '^[0-9a-f]{32}$' })),
    createdAt: Instant,
    updatedAt: Instant,
  }),
  saga: Type.Object({
    machineVersion: Type.Integer(),
    state: OrderStatus,
    deadline: Nullable(Instant),
    attempt: Type.Integer(),
    accepts: Type.Array(Type.Object({ event: Type.String(), deadline: Nullable(Instant) })),
    compensationsPending: Type.Array(Type.String()),
  }),
  timeline: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Instant,
      from: Nullable(Type.String()),
      to: Type.String(),
      event: Type.String(),
      outcome: Type.Union([Type.Literal('transitioned'), Type.Literal('handled'), Type.Literal('ignored')]),
      actor: Type.String(),
      reason: Nullable(Type.String()),
      messageId: Nullable(Type.String()),
      messages: Type.Array(
        Type.Object({
          id: Type.String(),
          type: Type.String(),
          topic: Type.String(),
          publishedAt: Nullable(Instant),
        }),
      ),
    }),
  ),
});

export const ListOrdersQuery = Type.Object(
  {
    status: Type.Optional(OrderStatus),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    /**
     * nextCursor of the previous page, checked as a whole uuid: a looser pattern
     * lets through text Postgres cannot read as one, and the query fails, a 500.
     */
    cursor: Type.Optional(OrderId),
    /** One customer's orders; a customer's own token reads its own orders whatever this says. */
    customerId: Type.Optional(CustomerId),
  },
  { additionalProperties: false },
);

export const OrderSummary = Type.Object({
  id: OrderId,
  customerId: Type.String(),
  status: OrderStatus,
  totalCents: Nullable(Type.Integer()),
  failureReason: Nullable(Type.String()),
  createdAt: Instant,
});

export const OrderList = Type.Object({
  items: Type.Array(OrderSummary),
  nextCursor: Nullable(Type.String()),
});

export { ProblemSchema };
