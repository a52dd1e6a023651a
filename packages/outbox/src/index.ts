export {
  type BatchHandler,
  type CommittedBatch,
  type ConsumerCrash,
  type ConsumerObserver,
  defaultGroupTiming,
  type GroupTiming,
  InboxConsumer,
  type InboxConsumerOptions,
  type InboxConsumerSettings,
  type InboxHandling,
  type IncomingMessage,
  noConsumerObserver,
  type RecordInfo,
  type TransactionOf,
} from './consumer/inbox-consumer.js';
export * from './dead-letters/index.js';
export { OUTBOX_CHANNEL } from './enqueue/channel.js';
export {
  type EnqueueDependencies,
  EnqueueOutsideTransactionError,
  enqueue,
  type OutboxTransaction,
  type OutgoingMessage,
  toRow,
} from './enqueue/enqueue.js';
export { type EnvelopeDestination, enqueueEnvelope, envelopeRow } from './enqueue/enqueue-envelope.js';
export * from './envelope/index.js';
export * from './inspect/index.js';
export { type OutboxMetrics, registerOutboxMetrics } from './metrics.js';
export { migrateOutbox, outboxMigrationsFolder } from './migrate.js';
export type { BackoffPolicy } from './relay/backoff.js';
export type { PendingMessage } from './relay/plan.js';
export { kafkaSender, type SendBatch } from './relay/publish.js';
export { createRelayProducer, Relay, type RelayOptions } from './relay/relay.js';
export type { RelayMetricsSnapshot } from './relay/relay-counters.js';
export { noRelayObserver, type RelayObserver } from './relay/relay-observer.js';
export { type BacklogStats, type OutboxDatabase, readBacklogStats } from './relay/store.js';
export * from './retention/index.js';
export * from './schema/index.js';
export * from './security/index.js';
export { storedContext, traceHeaders } from './tracing/trace-context.js';
