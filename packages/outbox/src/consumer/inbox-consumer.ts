import { context, type Tracer } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import pRetry from 'p-retry';
import { describeError } from '../relay/kafka-errors.js';
import type { OutboxDatabase } from '../relay/store.js';
import { outboxTracer } from '../tracing/trace-context.js';
import { type ConsumerObserver, noConsumerObserver } from './consumer-observer.js';
import type { BatchHandler, InboxConsumerOptions, TransactionOf } from './consumer-options.js';
import { type ConsumerCrash, CrashRestart } from './crash-restart.js';
import { writeDeadLetter } from './dead-letter.js';
import { defaultGroupTiming, outageRetry } from './group-timing.js';
import { handleInSpans } from './handling-spans.js';
import { recordInInbox } from './inbox-record.js';
import { type IncomingMessage, type IntakeRules, takeIn } from './intake.js';
import { applyIsolating } from './isolate.js';
import { OffsetCommitter } from './offset-committer.js';
import { defaultMaxMessageBytes } from './record-checks.js';

export { type CommittedBatch, type ConsumerObserver, noConsumerObserver } from './consumer-observer.js';
export type {
  BatchHandler,
  InboxConsumerOptions,
  InboxConsumerSettings,
  InboxHandling,
  TransactionOf,
} from './consumer-options.js';
export type { ConsumerCrash } from './crash-restart.js';
export { defaultGroupTiming, type GroupTiming } from './group-timing.js';
export type { IncomingMessage, RecordInfo } from './intake.js';

const defaultMaxBatchMessages = 200;

/**
 * The group took the partition away (a rebalance) while a message was being
 * retried. The message is not at fault and must not be dead-lettered: whoever
 * owns the partition now gets it again, and the inbox keeps its effect single.
 */
class PartitionLostError extends Error {
  constructor(readonly underlying: unknown) {
    super(`partition lost while retrying: ${describeError(underlying)}`);
    this.name = 'PartitionLostError';
  }
}

/** What a batch's handling needs of kafkajs's eachBatch payload. */
type BatchControls = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>;

/**
 * At-least-once delivery in, exactly-once effects out. What a fetch returns for a
 * partition is handled in pieces of at most `maxBatchMessages`, each in one
 * transaction that first records the message ids in the inbox (one statement), and
 * hands the handler only those that were new. A piece's offsets are resolved after
 * its transaction committed, and only those are committed to Kafka. A piece
 * that fails is split until the failing message stands alone; that one is retried
 * and then dead-lettered, and the rest take effect once, in offset order.
 */
export class InboxConsumer<TDb extends OutboxDatabase> {
  private readonly consumer: Consumer;
  private readonly retry: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  private readonly rules: IntakeRules;
  private readonly maxBatchMessages: number;
  private readonly handleBatch: BatchHandler<TDb>;
  private readonly committer: OffsetCommitter;
  private readonly observer: ConsumerObserver;
  private readonly commitIntervalMs: number;
  private readonly tracer: Tracer;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly crashRestart: CrashRestart;

  constructor(private readonly options: InboxConsumerOptions<TDb>) {
    const maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
    this.rules = {
      maxMessageBytes,
      ...(options.validate === undefined ? {} : { validate: options.validate }),
    };
    this.maxBatchMessages = options.maxBatchMessages ?? defaultMaxBatchMessages;
    this.observer = options.observer ?? noConsumerObserver;
    const { handle } = options;
    this.handleBatch =
      options.handleBatch ??
      (async (messages, tx) => {
        for (const message of messages) await context.with(message.trace, () => handle?.(message, tx));
      });
    // A broker returns a partition's batches only up to maxBytesPerPartition, except
    // the very first batch of a fetch (KIP-74). Twice the limit lets any acceptable
    // record, and a refused one up to twice its size, arrive from any partition in
    // any fetch; a larger one arrives when its partition is the first with data.
    const maxBytesPerPartition = Math.max(defaultMaxMessageBytes, 2 * maxMessageBytes);
    const timing = options.groupTiming ?? defaultGroupTiming;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition,
      maxBytes: Math.max(10 * 1024 * 1024, maxBytesPerPartition),
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 1000,
      sessionTimeout: timing.sessionTimeoutMs,
      heartbeatInterval: timing.heartbeatIntervalMs,
      retry: outageRetry,
    });
    this.tracer = outboxTracer(options.tracerProvider);
    this.retry = options.retry ?? { retries: 5, minTimeoutMs: 100, maxTimeoutMs: 2000 };
    this.commitIntervalMs = options.commitIntervalMs ?? 250;
    this.committer = new OffsetCommitter(
      (offsets) => this.consumer.commitOffsets(offsets),
      this.commitIntervalMs,
      options.logger,
    );
    this.crashRestart = new CrashRestart(
      this.consumer,
      async () => {
        await this.consumer.connect();
        await this.run();
      },
      options.logger,
      options.crashRestartBackoff,
    );
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.options.topics],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.run();
    // What a quiet partition handled last is committed too, within an interval.
    this.flushTimer = setInterval(() => void this.committer.commitIfDue(), this.commitIntervalMs);
    this.flushTimer.unref();
  }

  /**
   * Commits what was handled, stops fetching and lets the piece of a batch in flight
   * finish. That piece's offsets are not committed: its messages are delivered again
   * to the partition's next owner, whose inbox skips them.
   */
  async stop(): Promise<void> {
    this.crashRestart.stop();
    clearInterval(this.flushTimer);
    await this.committer.flush();
    await this.consumer.disconnect();
  }

  /** Why the consumer is down and being restarted; undefined while it runs. For a readiness check. */
  get crash(): ConsumerCrash | undefined {
    return this.crashRestart.crash;
  }

  /** Offsets are committed by the committer alone, never by kafkajs after each batch. */
  private run(): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /** The kafkajs consumer, for its instrumentation events (e.g. GROUP_JOIN). */
  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  private async processBatch(payload: EachBatchPayload) {
    try {
      await this.processPieces(payload);
      await this.committer.commitIfDue();
    } catch (error) {
      if (!(error instanceof PartitionLostError)) throw error;
      // kafkajs re-joins the group on its own rebalance errors; a stale batch is just dropped.
      if (error.underlying instanceof Error && error.underlying.name.startsWith('KafkaJS')) {
        throw error.underlying;
      }
    }
  }

  private async processPieces(payload: EachBatchPayload) {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition, messages } = batch;
    for (let start = 0; start < messages.length; start += this.maxBatchMessages) {
      // After a rebalance the partition may be another member's: leave the rest to it.
      if (!isRunning() || isStale()) return;
      const piece = messages.slice(start, start + this.maxBatchMessages);
      let run: IncomingMessage[] = [];
      // A refused record is dead-lettered in its place in the offset order: what
      // came before it takes effect first, as it would one record at a time.
      for (const record of piece) {
        const intake = takeIn(record, topic, partition, this.rules);
        if (intake.accepted) {
          run.push(intake.incoming);
          continue;
        }
        await this.applyRun(run, payload);
        run = [];
        await writeDeadLetter(this.options.db, this.options.groupId, this.options.logger, {
          ...intake,
          attempts: 1,
        });
        this.observer.deadLettered({ topic, partition });
      }
      await this.applyRun(run, payload);
      const last = piece[piece.length - 1];
      if (last !== undefined) {
        resolveOffset(last.offset);
        this.committer.consumed(topic, partition, last.offset);
      }
      await heartbeat();
    }
  }

  private applyRun(run: readonly IncomingMessage[], controls: BatchControls): Promise<void> {
    return applyIsolating(
      run,
      (messages) => this.handleInTransaction(messages),
      (message) => this.handleAlone(message, controls),
      (size, error) =>
        this.options.logger.warn(
          { err: error, size, topic: run[0]?.topic, partition: run[0]?.partition },
          'batch failed; splitting it to find the message that fails',
        ),
    );
  }

  private async handleInTransaction(messages: readonly IncomingMessage[]): Promise<void> {
    const started = performance.now();
    const handled = await this.options.db.transaction(async (tx) => {
      const fresh = await recordInInbox(tx as TransactionOf<TDb>, this.options.groupId, messages);
      if (fresh.length > 0)
        await handleInSpans(this.tracer, this.options.groupId, fresh, (traced) =>
          this.handleBatch(traced, tx as TransactionOf<TDb>),
        );
      return fresh.length;
    });
    const [first] = messages;
    if (first === undefined) return;
    this.observer.committed({
      topic: first.topic,
      partition: first.partition,
      received: messages.length,
      fresh: handled,
      seconds: (performance.now() - started) / 1000,
    });
  }

  /**
   * A message that failed within its batch: retried on its own, then dead-lettered,
   * unless the partition is no longer this member's (then the batch is abandoned,
   * uncommitted, for the partition's new owner).
   */
  private async handleAlone(message: IncomingMessage, controls: BatchControls): Promise<void> {
    const { envelope } = message;
    const log = this.options.logger.child({
      messageId: envelope.id,
      correlationId: envelope.correlationId,
      messageType: envelope.type,
    });
    let attempts = 0;
    try {
      await pRetry(
        async () => {
          attempts += 1;
          await this.handleInTransaction([message]);
        },
        {
          retries: this.retry.retries,
          minTimeout: this.retry.minTimeoutMs,
          maxTimeout: this.retry.maxTimeoutMs,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            log.warn({ err: error, attemptNumber, retriesLeft }, 'handler failed; retrying');
            try {
              await controls.heartbeat();
            } catch (lost) {
              throw new PartitionLostError(lost);
            }
            if (!controls.isRunning() || controls.isStale()) throw new PartitionLostError('batch is stale');
          },
        },
      );
    } catch (error) {
      if (error instanceof PartitionLostError) {
        log.warn({ err: error }, 'partition no longer ours; leaving the message to its new owner');
        throw error;
      }
      if (!controls.isRunning() || controls.isStale()) {
        log.warn({ err: error }, 'partition no longer ours; leaving the message to its new owner');
        throw new PartitionLostError(error);
      }
      await writeDeadLetter(this.options.db, this.options.groupId, this.options.logger, {
        location: {
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          key: message.key,
        },
        headers: message.headers,
        content: { envelope },
        reason: describeError(error),
        attempts,
      });
      this.observer.deadLettered({ topic: message.topic, partition: message.partition });
    }
  }
}
