import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { outboxTracer } from '../tracing/trace-context.js';
import { type BackoffPolicy, backoffDelayMs } from './backoff.js';
import {
  beginBatch,
  deletePublishedAndCommit,
  moveToDeadLetters,
  readKeyHeads,
  recordRefusal,
  scanAndLockKeys,
} from './batch-sql.js';
import { type PendingMessage, selectPublishable } from './plan.js';
import { BrokerUnavailableError, kafkaSender, publishIsolatingRefusals, type SendBatch } from './publish.js';
import { inPublishSpan } from './publish-span.js';
import { RelayCounters, type RelayMetricsSnapshot } from './relay-counters.js';
import { noRelayObserver, type RelayObserver } from './relay-observer.js';
import { OutboxVacuum } from './vacuum.js';
import { WakeupListener } from './wakeup.js';

export interface RelayOptions {
  pool: Pool;
  /** A producer made by createRelayProducer(); the relay connects and disconnects it. */
  producer: Producer;
  logger: Logger;
  /** Most messages claimed and published in one transaction. */
  batchSize?: number;
  /** Fallback scan interval, for a notification that never arrived. */
  pollIntervalMs?: number;
  /** Refusals of one message before it goes to dead letters. */
  maxAttempts?: number;
  /** Delay before a refused key is tried again. */
  retryBackoff?: BackoffPolicy;
  /** Delay between attempts while the broker is unreachable. */
  outageBackoff?: BackoffPolicy;
  sendTimeoutMs?: number;
  /** Vacuum the outbox after this many published rows; 0 leaves it to autovacuum. */
  vacuumEveryRows?: number;
  /**
   * Prepended to every row's topic when publishing: one cluster can host several
   * isolated deployments (or test runs) whose outboxes name the same topics.
   */
  topicPrefix?: string;
  /** Advisory-lock namespace; relays sharing one outbox must use the same value. */
  lockSpace?: number;
  /** Called after the broker acked and the rows are gone; `ackedAt` is epoch ms. */
  onPublished?: (messages: readonly PendingMessage[], ackedAt: number) => void;
  /** Told of every publish, refusal, dead letter and outage, e.g. to count them for Prometheus. */
  observer?: RelayObserver;
  random?: () => number;
  newId?: () => string;
  /** Where the publish spans go; default the global provider (a no-op without an OpenTelemetry SDK). */
  tracerProvider?: TracerProvider;
}

export function createRelayProducer(kafka: Kafka): Producer {
  return kafka.producer({
    // One request in flight per broker: a retried request can never land after a later one.
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Murmur2 on the key, as the Java client: every producer of a key picks the same partition.
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 6 },
  });
}

interface BatchResult {
  scanned: number;
  published: number;
  /** Keys another relay held: worth another look as soon as it commits. */
  contended: boolean;
}

/**
 * Publishes committed outbox rows to Kafka. See README "Relay" for the guarantees;
 * the contract in short: a row is deleted only in the transaction that saw the
 * broker ack it, and while one relay holds a key no other relay publishes it.
 */
export class Relay {
  private readonly send: SendBatch;
  private readonly listener: WakeupListener;
  private readonly counters = new RelayCounters();
  private readonly vacuum: OutboxVacuum | undefined;
  private readonly observer: RelayObserver;
  private readonly settings: Required<
    Omit<RelayOptions, 'pool' | 'producer' | 'logger' | 'onPublished' | 'observer' | 'tracerProvider'>
  >;
  private readonly tracer: Tracer;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private wakeWaiter: (() => void) | undefined;

  constructor(private readonly options: RelayOptions) {
    this.observer = options.observer ?? noRelayObserver;
    this.settings = {
      batchSize: options.batchSize ?? 2000,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      maxAttempts: options.maxAttempts ?? 10,
      retryBackoff: options.retryBackoff ?? { baseMs: 500, maxMs: 60_000 },
      outageBackoff: options.outageBackoff ?? { baseMs: 100, maxMs: 2000 },
      sendTimeoutMs: options.sendTimeoutMs ?? 10_000,
      vacuumEveryRows: options.vacuumEveryRows ?? 20_000,
      topicPrefix: options.topicPrefix ?? '',
      lockSpace: options.lockSpace ?? 0x5a6a,
      random: options.random ?? Math.random,
      newId: options.newId ?? (() => uuidv7()),
    };
    this.tracer = outboxTracer(options.tracerProvider);
    this.send = kafkaSender(options.producer, this.settings.sendTimeoutMs, this.settings.topicPrefix);
    this.listener = new WakeupListener(options.pool, () => this.wake(), options.logger);
    if (this.settings.vacuumEveryRows > 0) {
      this.vacuum = new OutboxVacuum(options.pool, options.logger, this.settings.vacuumEveryRows);
    }
  }

  async start(): Promise<void> {
    if (this.loop) return;
    await this.options.producer.connect();
    await this.listener.start();
    this.loop = this.run();
    this.options.logger.info({ batchSize: this.settings.batchSize }, 'relay started');
  }

  /** Finishes the batch in flight, then stops listening and disconnects the producer. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await this.vacuum?.drain();
    await this.listener.close();
    await this.options.producer.disconnect();
    this.options.logger.info(this.counters.snapshot(), 'relay stopped');
  }

  wake(): void {
    this.wakeRequested = true;
    this.wakeWaiter?.();
  }

  metrics(): RelayMetricsSnapshot {
    return this.counters.snapshot();
  }

  private async run(): Promise<void> {
    let outageStreak = 0;
    while (!this.stopping) {
      this.wakeRequested = false;
      try {
        const result = await this.runBatch();
        outageStreak = 0;
        if (result.scanned >= this.settings.batchSize) continue;
        if (result.contended) {
          await this.sleep(5, false);
          continue;
        }
        await this.sleep(this.settings.pollIntervalMs, true);
      } catch (error) {
        const unavailable = error instanceof BrokerUnavailableError;
        if (unavailable) {
          this.counters.outage();
          this.observer.outage();
        }
        outageStreak += 1;
        const delay = backoffDelayMs(outageStreak, this.settings.outageBackoff, this.settings.random);
        this.options.logger.warn(
          { err: error, retryInMs: delay },
          unavailable ? 'broker unavailable; batch will be retried' : 'relay batch failed; will be retried',
        );
        await this.sleep(Math.max(delay, 20), false);
      }
    }
  }

  private async runBatch(): Promise<BatchResult> {
    const client = await this.options.pool.connect();
    try {
      const result = await this.claimAndPublish(client);
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: Error) => client.release(rollbackError),
      );
      throw error;
    }
  }

  private async claimAndPublish(client: PoolClient): Promise<BatchResult> {
    const { batchSize, lockSpace } = this.settings;
    await beginBatch(client);
    let claimed = await scanAndLockKeys(client, lockSpace, batchSize);
    const scanned = claimed.scanned;
    const contended = claimed.owned.length < claimed.seenKeys.length;
    if (claimed.seenKeys.length > 0 && claimed.owned.length === 0) {
      // Other relays own every key seen: look past them rather than wait for them.
      claimed = await scanAndLockKeys(client, lockSpace, batchSize, claimed.seenKeys);
    }
    const rows = await readKeyHeads(client, claimed.owned);
    const publishable = selectPublishable(rows);
    const sendStarted = performance.now();
    const outcome = await inPublishSpan(this.tracer, this.settings.topicPrefix, publishable, () =>
      publishIsolatingRefusals(publishable, this.send),
    );
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    const ackedAt = Date.now();
    for (const { message, error } of outcome.refused.values()) await this.refuse(client, message, error);
    await deletePublishedAndCommit(
      client,
      outcome.published.map((message) => message.id),
    );
    if (outcome.published.length > 0) {
      this.counters.published(outcome.published.length);
      this.observer.published(outcome.published.length, sendSeconds);
      this.vacuum?.recordDeleted(outcome.published.length);
      this.options.onPublished?.(outcome.published, ackedAt);
    }
    return { scanned, published: outcome.published.length, contended };
  }

  private async refuse(client: PoolClient, message: PendingMessage, error: string): Promise<void> {
    const { maxAttempts, retryBackoff, random, newId } = this.settings;
    const attempt = message.attempts + 1;
    const where = { messageId: message.id, key: message.key, topic: message.topic, reason: error };
    this.counters.refused();
    this.observer.refused();
    if (attempt >= maxAttempts) {
      await moveToDeadLetters(client, message, error, newId());
      this.counters.deadLettered();
      this.observer.deadLettered();
      this.options.logger.error({ ...where, attempts: attempt }, 'message moved to dead letters');
      return;
    }
    const retryAt = new Date(Date.now() + backoffDelayMs(attempt, retryBackoff, random));
    await recordRefusal(client, message, error, retryAt);
    this.options.logger.warn(
      { ...where, attempt, retryAt },
      'broker refused message; its key waits for a retry',
    );
  }

  /** Resolves after `ms`, on stop, and (when `wakeable`) on a notification. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeWaiter = () => {
        if (this.stopping || wakeable) finish();
      };
    });
  }
}
