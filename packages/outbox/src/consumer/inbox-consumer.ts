import type { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import { decodeEnvelope, type Envelope } from '../envelope/envelope.js';
import { childTraceparent } from '../envelope/traceparent.js';
import { describeError } from '../relay/kafka-errors.js';
import type { OutboxDatabase } from '../relay/store.js';
import { deadLetters, inbox } from '../schema/tables.js';

export type TransactionOf<TDb extends OutboxDatabase> = Parameters<Parameters<TDb['transaction']>[0]>[0];

export interface IncomingMessage<TPayload = unknown> {
  envelope: Envelope<TPayload>;
  /** A span of the producer's trace for this handling; pass it on as `causedBy.traceparent`. */
  traceparent: string;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

export interface InboxConsumerOptions<TDb extends OutboxDatabase> {
  kafka: Kafka;
  db: TDb;
  groupId: string;
  topics: readonly string[];
  logger: Logger;
  /** Runs inside the transaction that records the message in the inbox; may enqueue. */
  handle: (message: IncomingMessage, tx: TransactionOf<TDb>) => Promise<void>;
  /** A reason when the envelope is well-formed but not acceptable (unknown type, bad payload). */
  validate?: (envelope: Envelope) => string | undefined;
  retry?: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Longest a fetch waits for data; also bounds how long stop() waits for the fetch in flight. */
  maxWaitTimeInMs?: number;
}

type Outcome = 'handled' | 'duplicate' | 'dead-lettered';

/** Dead letters of a record get one id however often the record is redelivered. */
const deadLetterNamespace = '2b0c4f7e-5d0a-4a7e-9a61-3c1f0e6d8b52';

/**
 * At-least-once delivery in, exactly-once effects out: each message is handled in
 * one transaction that first records its id in the inbox, and a message already
 * there is skipped. kafkajs commits a record's offset only after eachMessage
 * resolved, that is after the database commit.
 */
export class InboxConsumer<TDb extends OutboxDatabase> {
  private readonly consumer: Consumer;
  private readonly retry: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };

  constructor(private readonly options: InboxConsumerOptions<TDb>) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 1000,
      // A killed member's partitions move to the survivors after 10 s, not kafkajs's 30 s.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.retry = options.retry ?? { retries: 5, minTimeoutMs: 100, maxTimeoutMs: 2000 };
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.options.topics],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: async (payload) => {
        await this.process(payload);
      },
    });
  }

  /** Stops fetching, lets the message in flight finish and commits its offset. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  /** The kafkajs consumer, for its instrumentation events (e.g. GROUP_JOIN). */
  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  private async process({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<Outcome> {
    const headers = readHeaders(message.headers);
    const location = { topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null };
    const decoded = decodeEnvelope(message.value);
    if (!decoded.ok) {
      await this.deadLetter(
        location,
        headers,
        { raw: message.value?.toString('utf8') ?? null },
        decoded.reason,
        1,
      );
      return 'dead-lettered';
    }
    const { envelope } = decoded;
    const invalid = this.options.validate?.(envelope);
    if (invalid) {
      await this.deadLetter(location, headers, { envelope }, invalid, 1);
      return 'dead-lettered';
    }
    const incoming: IncomingMessage = {
      envelope,
      traceparent: childTraceparent(headers.traceparent),
      topic,
      partition,
      offset: message.offset,
      headers,
    };
    const log = this.options.logger.child({
      messageId: envelope.id,
      correlationId: envelope.correlationId,
      messageType: envelope.type,
    });
    let attempts = 0;
    try {
      return await pRetry(
        async () => {
          attempts += 1;
          return this.handleOnce(incoming);
        },
        {
          retries: this.retry.retries,
          minTimeout: this.retry.minTimeoutMs,
          maxTimeout: this.retry.maxTimeoutMs,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            log.warn({ err: error, attemptNumber, retriesLeft }, 'handler failed; retrying');
            await heartbeat();
          },
        },
      );
    } catch (error) {
      await this.deadLetter(location, headers, { envelope }, describeError(error), attempts);
      return 'dead-lettered';
    }
  }

  private async handleOnce(incoming: IncomingMessage): Promise<Outcome> {
    return this.options.db.transaction(async (tx) => {
      const recorded = await tx
        .insert(inbox)
        .values({ consumerGroup: this.options.groupId, messageId: incoming.envelope.id })
        .onConflictDoNothing()
        .returning({ messageId: inbox.messageId });
      if (recorded.length === 0) return 'duplicate';
      await this.options.handle(incoming, tx as TransactionOf<TDb>);
      return 'handled';
    });
  }

  private async deadLetter(
    location: { topic: string; partition: number; offset: string; key: string | null },
    headers: Record<string, string>,
    content: { raw: string | null } | { envelope: Envelope },
    reason: string,
    attempts: number,
  ): Promise<void> {
    const { groupId, logger } = this.options;
    const envelope = 'envelope' in content ? content.envelope : undefined;
    const messageId = envelope?.id ?? headers['message-id'] ?? null;
    await this.options.db.transaction(async (tx) => {
      await tx
        .insert(deadLetters)
        .values({
          id: uuidv5(
            `${groupId}/${location.topic}/${location.partition}/${location.offset}`,
            deadLetterNamespace,
          ),
          messageId,
          source: 'consumer',
          consumerGroup: groupId,
          topic: location.topic,
          key: location.key,
          type: envelope?.type ?? headers['message-type'] ?? null,
          partition: location.partition,
          offset: location.offset,
          envelope: envelope ?? null,
          raw: 'raw' in content ? content.raw : null,
          headers,
          reason,
          attempts,
        })
        .onConflictDoNothing();
      // A redelivered copy of a dead-lettered message must not run the handler again.
      if (envelope) {
        await tx
          .insert(inbox)
          .values({ consumerGroup: groupId, messageId: envelope.id })
          .onConflictDoNothing();
      }
    });
    logger.error({ ...location, messageId, reason, attempts }, 'message moved to dead letters');
  }
}

function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
