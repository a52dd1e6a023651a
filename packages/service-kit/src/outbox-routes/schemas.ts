import { type TSchema, Type } from '@sinclair/typebox';

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const OutboxStatusView = Type.Object({
  service: Type.String(),
  pending: Type.Integer({
    description: 'Messages in the outbox: committed, not yet acknowledged by the broker',
  }),
  retrying: Type.Integer({ description: 'Of those, the ones the broker refused at least once' }),
  oldestPendingAt: Nullable(Instant),
  oldestPendingAgeMs: Nullable(Type.Integer({ description: 'How far the relay is behind' })),
  deadLetters: Type.Object({ unhandled: Type.Integer() }),
});

export const MessagesQuery = Type.Object(
  {
    correlationId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The saga’s correlation id: for every saga message, the order id',
    }),
  },
  { additionalProperties: false },
);

export const CorrelationView = Type.Object({
  service: Type.String(),
  handled: Type.Array(
    Type.Object({
      messageId: Type.String(),
      consumerGroup: Type.String(),
      type: Nullable(Type.String()),
      processedAt: Instant,
    }),
    { description: 'Its inbox, oldest first (at most 500)' },
  ),
  published: Type.Array(
    Type.Object({
      messageId: Type.String(),
      type: Type.String(),
      topic: Type.String(),
      causationId: Nullable(Type.String()),
      occurredAt: Instant,
      publishedAt: Instant,
    }),
    { description: 'Acknowledged by the broker, oldest first (at most 500)' },
  ),
  pending: Type.Array(
    Type.Object({
      messageId: Type.String(),
      type: Type.String(),
      topic: Type.String(),
      causationId: Nullable(Type.String()),
      occurredAt: Instant,
      attempts: Type.Integer(),
      lastError: Nullable(Type.String()),
    }),
    { description: 'Still in its outbox, in enqueue order (at most 500)' },
  ),
});
