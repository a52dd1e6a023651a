import { context as otelContext, type TracerProvider } from '@opentelemetry/api';
import { type MessageContract, type MessageOf, parseMessage } from '@sagaflow/contracts';
import {
  type ConsumerObserver,
  createRelayProducer,
  type Envelope,
  InboxConsumer,
  type InboxReplay,
  type IncomingMessage,
  type OutboxDatabase,
  type RecordInfo,
  Relay,
  type RelayObserver,
  type TransactionOf,
} from '@sagaflow/outbox';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import { traceFields } from '../observability/logger.js';
import type { MessageSink } from './sink.js';

export interface MessageContext {
  /** `incoming.trace` is the context of this message's handling span: pass it on as `causedBy.trace`. */
  incoming: IncomingMessage;
  /** Carries the order id, message id and correlation id on every line. */
  logger: Logger;
  /** Where the handler's own messages go, in the handler's transaction. */
  sink: MessageSink;
}

export type MessageHandler<TDb extends OutboxDatabase, TContracts extends readonly MessageContract[]> = (
  message: MessageOf<TContracts>,
  tx: TransactionOf<TDb>,
  context: MessageContext,
) => Promise<void>;

/** A valid message of a batch, with what its handling needs. */
export interface ReceivedMessage<TContracts extends readonly MessageContract[]> {
  message: MessageOf<TContracts>;
  context: MessageContext;
}

/**
 * Handles the new messages of one batch, in offset order, in the one transaction
 * that records them in the inbox. Throwing rolls the whole batch back; the
 * consumer then splits it to find the message that fails.
 */
export type BatchMessageHandler<TDb extends OutboxDatabase, TContracts extends readonly MessageContract[]> = (
  batch: readonly ReceivedMessage<TContracts>[],
  tx: TransactionOf<TDb>,
) => Promise<void>;

/**
 * A service handles its messages one at a time or a batch at a time; a batch shares
 * one transaction either way. So a `handle` that locks rows holds them until the
 * batch commits: batches of other partitions (or instances) that lock the same rows
 * in another order deadlock, and the consumer then splits and retries them. A
 * service whose messages contend for rows should use `handleBatch` and lock all of a
 * batch's rows at once, in one global order.
 */
export type MessageHandling<TDb extends OutboxDatabase, TContracts extends readonly MessageContract[]> =
  | { handle: MessageHandler<TDb, TContracts>; handleBatch?: never }
  | { handleBatch: BatchMessageHandler<TDb, TContracts>; handle?: never };

interface MessagingSettings<TDb extends OutboxDatabase, TContracts extends readonly MessageContract[]> {
  kafka: Kafka;
  pool: pg.Pool;
  db: TDb;
  logger: Logger;
  groupId: string;
  /** Logical topic names; `topicPrefix` is prepended on the wire, for producing and consuming. */
  topics: readonly string[];
  topicPrefix: string;
  contracts: TContracts;
  sink: MessageSink;
  maxWaitTimeInMs: number;
  partitionsConsumedConcurrently: number;
  /** A consumed record larger than this (key, value and headers) is dead-lettered unread. */
  maxMessageBytes?: number;
  onPublished?: ConstructorParameters<typeof Relay>[0]['onPublished'];
  /** Told what the relay and the consumer do, for metrics. */
  observers?: { relay: RelayObserver; consumer: ConsumerObserver };
  /** Where the relay's and the consumer's spans go; default the global provider. */
  tracerProvider?: TracerProvider;
}

export type MessagingOptions<
  TDb extends OutboxDatabase,
  TContracts extends readonly MessageContract[],
> = MessagingSettings<TDb, TContracts> & MessageHandling<TDb, TContracts>;

export interface Messaging {
  relay: Relay;
  consumer: InboxConsumer<OutboxDatabase>;
  /** The consumer's intake (validate, then handle), for a dead letter replayed through the inbox. */
  inbox: InboxReplay;
  /** Stop consuming (the message in flight finishes), then publish what is left and stop the relay. */
  stop(flushTimeoutMs: number): Promise<void>;
}

/** A service's embedded relay and its inbox consumer, which only ever sees valid messages. */
export async function startMessaging<
  TDb extends OutboxDatabase,
  const TContracts extends readonly MessageContract[],
>(options: MessagingOptions<TDb, TContracts>): Promise<Messaging> {
  const { logger } = options;
  // One intake for the consumer and for a dead letter an operator replays through the inbox.
  const validate = (envelope: Envelope, record: RecordInfo): string | undefined => {
    const result = parseMessage(options.contracts, envelope);
    if (!result.ok) return result.reason;
    return keyProblem(record.key, envelope.aggregateId);
  };
  const handleBatch = (incoming: readonly IncomingMessage[], tx: TransactionOf<TDb>): Promise<void> => {
    const batch = incoming.map((each) => received(options, each));
    return options.handleBatch === undefined
      ? handleEach(batch, tx, options.handle)
      : options.handleBatch(batch, tx);
  };
  const relay = new Relay({
    pool: options.pool,
    producer: createRelayProducer(options.kafka),
    topicPrefix: options.topicPrefix,
    logger: logger.child({ component: 'relay' }),
    ...(options.onPublished === undefined ? {} : { onPublished: options.onPublished }),
    ...(options.observers === undefined ? {} : { observer: options.observers.relay }),
    ...(options.tracerProvider === undefined ? {} : { tracerProvider: options.tracerProvider }),
  });
  await relay.start();
  const consumer = new InboxConsumer<TDb>({
    kafka: options.kafka,
    db: options.db,
    groupId: options.topicPrefix + options.groupId,
    topics: options.topics.map((topic) => options.topicPrefix + topic),
    logger: logger.child({ component: 'consumer' }),
    maxWaitTimeInMs: options.maxWaitTimeInMs,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    ...(options.observers === undefined ? {} : { observer: options.observers.consumer }),
    ...(options.tracerProvider === undefined ? {} : { tracerProvider: options.tracerProvider }),
    validate,
    handleBatch,
  });
  await consumer.start();
  return {
    relay,
    consumer: consumer as unknown as InboxConsumer<OutboxDatabase>,
    inbox: {
      consumerGroup: options.topicPrefix + options.groupId,
      validate,
      // The replay's transaction is one of the service's database, as the consumer's are.
      handleBatch: handleBatch as unknown as InboxReplay['handleBatch'],
      ...(options.tracerProvider === undefined ? {} : { tracerProvider: options.tracerProvider }),
    },
    async stop(flushTimeoutMs) {
      await consumer.stop();
      await flushOutbox(options.pool, relay, flushTimeoutMs, logger);
      await relay.stop();
    },
  };
}

function received<TDb extends OutboxDatabase, TContracts extends readonly MessageContract[]>(
  options: MessagingOptions<TDb, TContracts>,
  incoming: IncomingMessage,
): ReceivedMessage<TContracts> {
  const parsed = parseMessage(options.contracts, incoming.envelope);
  if (!parsed.ok) throw new Error(parsed.reason); // validate() already refused it
  const { envelope } = incoming;
  const logger = options.logger.child({
    orderId: envelope.aggregateId,
    messageId: envelope.id,
    correlationId: envelope.correlationId,
    messageType: envelope.type,
    // One at a time, the message's span is active (handleEach) and the logger's mixin adds its ids.
    ...(options.handleBatch === undefined ? {} : traceFields(incoming.trace)),
  });
  return { message: parsed.message, context: { incoming, logger, sink: options.sink } };
}

async function handleEach<TDb extends OutboxDatabase, TContracts extends readonly MessageContract[]>(
  batch: readonly ReceivedMessage<TContracts>[],
  tx: TransactionOf<TDb>,
  handle: MessageHandler<TDb, TContracts>,
): Promise<void> {
  for (const { message, context } of batch) {
    await otelContext.with(context.incoming.trace, () => handle(message, tx, context));
  }
}

/**
 * Every saga message is keyed by its order id, which keeps one saga's messages in
 * order on one partition; a record keyed otherwise was not produced by a saga
 * participant. parseMessage already holds the payload's order id to the aggregate id.
 */
function keyProblem(key: string | null, orderId: string): string | undefined {
  if (key === null) return `record has no key; it must be the order id ${orderId}`;
  if (key !== orderId) return `record key '${truncate(key, 100)}' is not the order id ${orderId}`;
  return undefined;
}

function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}…`;
}

async function flushOutbox(pool: pg.Pool, relay: Relay, timeoutMs: number, logger: Logger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ pending: number }>(
      'SELECT count(*)::int AS pending FROM outbox WHERE next_attempt_at <= now()',
    );
    const pending = rows[0]?.pending ?? 0;
    if (pending === 0) return;
    if (Date.now() >= deadline) {
      logger.warn(
        { pending },
        'shutting down with messages still in the outbox; the next start publishes them',
      );
      return;
    }
    relay.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
