import {
  deadLetterActions,
  deadLetterSources,
  deadLetterStatuses,
  maxBulkDeadLetters,
  maxCursorLength,
  maxDeadLetterPage,
} from '@sagaflow/outbox';
import { type TSchema, Type } from '@sinclair/typebox';
import { auditText } from '../http/audit.js';

const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const DeadLetterIdParams = Type.Object({
  id: Type.String({ pattern: uuidPattern, description: 'The dead letter’s id' }),
});

/** The filter of the list and of the bulk routes: each field given must match exactly. */
const filterFields = {
  topic: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'The topic, as stored' })),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The message type' })),
  source: Type.Optional(
    Type.Union(
      deadLetterSources.map((source) => Type.Literal(source)),
      { description: 'relay: the broker refused it; consumer: it could not be handled' },
    ),
  ),
  consumerGroup: Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, description: 'The consumer group that gave up on it' }),
  ),
};

export const DeadLetterFilter = Type.Object(filterFields, { additionalProperties: false });

export const ListDeadLettersQuery = Type.Object(
  {
    ...filterFields,
    status: Type.Union(
      deadLetterStatuses.map((status) => Type.Literal(status)),
      { default: 'unhandled', description: 'Which: not yet handled (the default), handled, or all' },
    ),
    limit: Type.Integer({ minimum: 1, maximum: maxDeadLetterPage, default: 50 }),
    /** Checked whole by the route (decodeCursor): nothing Postgres cannot read reaches the query. */
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: maxCursorLength,
        pattern: '^[A-Za-z0-9_-]+$',
        description: 'nextCursor of the previous page',
      }),
    ),
  },
  { additionalProperties: false },
);

const Handling = Nullable(
  Type.Object({
    at: Instant,
    by: Nullable(Type.String({ description: 'operator:<token subject>' })),
    action: Nullable(Type.Union(deadLetterActions.map((action) => Type.Literal(action)))),
    reason: Nullable(Type.String()),
  }),
);

const summaryFields = {
  id: Type.String(),
  messageId: Nullable(Type.String()),
  source: Type.Union([Type.Literal('relay'), Type.Literal('consumer')]),
  consumerGroup: Nullable(Type.String()),
  topic: Type.String(),
  key: Nullable(Type.String()),
  type: Nullable(Type.String()),
  partition: Nullable(Type.Integer()),
  offset: Nullable(Type.String()),
  reason: Type.String({ description: 'Why it was dead-lettered' }),
  attempts: Type.Integer(),
  failedAt: Instant,
  hasEnvelope: Type.Boolean({ description: 'Whether its envelope was read: only then can it be replayed' }),
  handled: Handling,
};

export const DeadLetterSummaryView = Type.Object(summaryFields);

export const DeadLetterList = Type.Object({
  items: Type.Array(DeadLetterSummaryView),
  nextCursor: Nullable(Type.String()),
});

export const DeadLetterView = Type.Object({
  ...summaryFields,
  envelope: Type.Unknown({ description: 'The envelope as produced, when it could be read; else null' }),
  raw: Nullable(Type.String({ description: 'The record value (its first 1,024 characters when too large)' })),
  headers: Type.Record(Type.String(), Type.String()),
});

export const BulkBody = Type.Object(
  {
    reason: auditText(1000, 'Why: recorded on each dead letter handled'),
    filter: DeadLetterFilter,
    limit: Type.Integer({
      minimum: 1,
      maximum: maxBulkDeadLetters,
      default: 100,
      description: 'Most dead letters acted on, oldest first',
    }),
  },
  { additionalProperties: false },
);

export const BulkAnswer = Type.Object({
  matched: Type.Integer({ description: 'Unhandled dead letters selected: at most the limit' }),
  handled: Type.Array(Type.String(), { description: 'Ids handled, oldest first' }),
  refused: Type.Array(
    Type.Object({ id: Type.String(), problem: Type.String({ description: 'Why it was left unhandled' }) }),
  ),
});
