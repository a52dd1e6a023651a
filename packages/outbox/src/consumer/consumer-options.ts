import type { TracerProvider } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Envelope } from '../envelope/envelope.js';
import type { BackoffPolicy } from '../relay/backoff.js';
import type { OutboxDatabase } from '../relay/store.js';
import type { ConsumerObserver } from './consumer-observer.js';
import type { GroupTiming } from './group-timing.js';
import type { IncomingMessage, RecordInfo } from './intake.js';

export type TransactionOf<TDb extends OutboxDatabase> = Parameters<Parameters<TDb['transaction']>[0]>[0];

/**
 * Handles messages new to the inbox, in offset order, inside the transaction that
 * records them there; may enqueue. Throwing rolls all of them back.
 */
export type BatchHandler<TDb extends OutboxDatabase> = (
  messages: readonly IncomingMessage[],
  tx: TransactionOf<TDb>,
) => Promise<void>;

export interface InboxConsumerSettings<TDb extends OutboxDatabase> {
  kafka: Kafka;
  db: TDb;
  groupId: string;
  topics: readonly string[];
  logger: Logger;
  /** A reason when the envelope is well-formed but not acceptable (unknown type, bad payload, wrong key). */
  validate?: (envelope: Envelope, record: RecordInfo) => string | undefined;
  /**
   * A record whose key, value and headers together are larger is dead-lettered
   * without being decoded. Default 1 MiB.
   */
  maxMessageBytes?: number;
  /** Most messages handled in one transaction; a fetch's batch is cut into pieces of this size. Default 200. */
  maxBatchMessages?: number;
  /** Offsets of handled messages are committed to Kafka at most this often. Default 250 ms. */
  commitIntervalMs?: number;
  /** How often a message that fails on its own is tried again before it is dead-lettered. */
  retry?: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Longest a fetch waits for data; also bounds how long stop() waits for the fetch in flight. */
  maxWaitTimeInMs?: number;
  /** How the member keeps its place in the consumer group; `defaultGroupTiming` when left out. */
  groupTiming?: GroupTiming;
  /** How long to wait before restarting a consumer kafkajs gave up on; 1 s doubling to 30 s by default. */
  crashRestartBackoff?: BackoffPolicy;
  /** Told of every committed inbox transaction and every dead letter, e.g. to count them for Prometheus. */
  observer?: ConsumerObserver;
  /** Where the handling spans go; default the global provider (a no-op without an OpenTelemetry SDK). */
  tracerProvider?: TracerProvider;
}

/** One message at a time, or many at once; either way one transaction per batch. */
export type InboxHandling<TDb extends OutboxDatabase> =
  | {
      /** Runs inside the transaction that records the message in the inbox; may enqueue. */
      handle: (message: IncomingMessage, tx: TransactionOf<TDb>) => Promise<void>;
      handleBatch?: never;
    }
  | { handleBatch: BatchHandler<TDb>; handle?: never };

export type InboxConsumerOptions<TDb extends OutboxDatabase> = InboxConsumerSettings<TDb> &
  InboxHandling<TDb>;
