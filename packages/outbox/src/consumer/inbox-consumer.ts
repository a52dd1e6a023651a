import type { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import { decodeEnvelope, type Envelope } from '../envelope/envelope.js';
import { childTraceparent } from '../envelope/traceparent.js';
import { describeError } from '../relay/kafka-errors.js';
import type { OutboxDatabase } from '../relay/store.js';
import { deadLetters, inbox } from '../schema/tables.js';
import {
  defaultMaxMessageBytes,
  headerProblems,
  keptPrefixChars,
  recordBytes,
  sizeProblem,
  storable,
  storableHeaders,
  storageProblem,
  truncate,
  valueProblem,
} from './record-checks.js';

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

/** What the consumer knows of a record besides its envelope. */
export interface RecordInfo {
  topic: string;
  partition: number;
  /** The record key as UTF-8, or null for a record without one. */
  key: string | null;
}

export interface InboxConsumerOptions<TDb extends OutboxDatabase> {
  kafka: Kafka;
  db: TDb;
  groupId: string;
  topics: readonly string[];
  logger: Logger;
  /** Runs inside the transaction that records the message in the inbox; may enqueue. */
  handle: (message: IncomingMessage, tx: TransactionOf<TDb>) => Promise<void>;
  /** A reason when the envelope is well-formed but not acceptable (unknown type, bad payload, wrong key). */
  validate?: (envelope: Envelope, record: RecordInfo) => string | undefined;
  /**
   * A record whose key, value and headers together are larger is dead-lettered
   * without being decoded. Default 1 MiB.
   */
  maxMessageBytes?: number;
  retry?: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Longest a fetch waits for data; also bounds how long stop() waits for the fetch in flight. */
  maxWaitTimeInMs?: number;
  /** How the member keeps its place in the consumer group; `defaultGroupTiming` when left out. */
  groupTiming?: GroupTiming;
}

export interface GroupTiming {
  /**
   * How long the coordinator waits for a silent member before it hands its
   * partitions to others, or to its own restarted process: a SIGKILLed member's
   * partitions wait this long.
   */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/**
 * A 6 s session, the shortest a broker allows by default (group.min.session.timeout.ms),
 * and a heartbeat each second. kafkajs has no static membership, so a restarted
 * process joins as a new member and waits out its predecessor's session: measured
 * by `pnpm bench:restart`, a SIGKILLed member consumes again 6.1 s after the kill
 * (10.1 s with the 10 s session this replaced); a SIGTERMed one, which leaves the
 * group, after 0.9 s.
 */
export const defaultGroupTiming: GroupTiming = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 };

type Outcome = 'handled' | 'duplicate' | 'dead-lettered';

/**
 * The envelope when it could be read and stored; otherwise the raw value as text,
 * with the id and type of an envelope that was read but cannot be stored.
 */
type DeadLetterContent =
  | { raw: string | null; read?: Pick<Envelope, 'id' | 'type'> }
  | { envelope: Envelope };

/**
 * kafkajs retries a consumer's group and fetch requests with this, and once they
 * run out it restarts the consumer as a new group member, which must then wait
 * for the old member's session to expire before it gets partitions. Retrying at
 * most a second apart for about a minute rides out a broker outage as the same
 * member, and resumes within a second of the broker's return.
 */
const outageRetry = { initialRetryTime: 100, maxRetryTime: 1_000, retries: 70 };

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

  private readonly maxMessageBytes: number;

  constructor(private readonly options: InboxConsumerOptions<TDb>) {
    this.maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
    // A broker returns a partition's batches only up to maxBytesPerPartition, except
    // the very first batch of a fetch (KIP-74). Twice the limit lets any acceptable
    // record, and a refused one up to twice its size, arrive from any partition in
    // any fetch; a larger one arrives when its partition is the first with data.
    const maxBytesPerPartition = Math.max(defaultMaxMessageBytes, 2 * this.maxMessageBytes);
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
    const key = message.key ? message.key.toString('utf8') : null;
    const location = { topic, partition, offset: message.offset, key };
    const refuse = async (reason: string, content: DeadLetterContent): Promise<Outcome> => {
      await this.deadLetter(location, message.headers, content, reason, 1);
      return 'dead-lettered';
    };
    const tooLarge = sizeProblem(recordBytes(message), this.maxMessageBytes);
    if (tooLarge) {
      const value = message.value;
      const prefix = value
        ? truncate(value.subarray(0, keptPrefixChars + 1).toString('utf8'), keptPrefixChars)
        : null;
      return refuse(tooLarge, { raw: prefix });
    }
    const raw = { raw: message.value?.toString('utf8') ?? null };
    const empty = valueProblem(message.value);
    if (empty) return refuse(empty, raw);
    const decoded = decodeEnvelope(message.value);
    if (!decoded.ok) return refuse(decoded.reason, raw);
    const { envelope } = decoded;
    const unstorable = storageProblem(envelope);
    if (unstorable) return refuse(unstorable, { ...raw, read: envelope });
    const invalid =
      headerProblems(message.headers, envelope) ??
      this.options.validate?.(envelope, { topic, partition, key });
    if (invalid) return refuse(invalid, { envelope });
    const headers = readHeaders(message.headers);
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
      await this.deadLetter(location, message.headers, { envelope }, describeError(error), attempts);
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

  /**
   * Everything stored is made storable and bounded first: a dead letter must never
   * fail to insert, or the partition would stop at the record.
   */
  private async deadLetter(
    location: { topic: string; partition: number; offset: string; key: string | null },
    rawHeaders: IHeaders | undefined,
    content: DeadLetterContent,
    rawReason: string,
    attempts: number,
  ): Promise<void> {
    const { groupId, logger } = this.options;
    const envelope = 'envelope' in content ? content.envelope : undefined;
    const read = envelope ?? ('read' in content ? content.read : undefined);
    const headers = storableHeaders(rawHeaders);
    const reason = storable(rawReason);
    const messageId = read?.id ?? (headers['message-id'] ? truncate(headers['message-id'], 200) : null);
    const key = location.key === null ? null : storable(truncate(location.key, keptPrefixChars));
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
          key,
          type: read
            ? storable(read.type)
            : headers['message-type']
              ? truncate(headers['message-type'], 200)
              : null,
          partition: location.partition,
          offset: location.offset,
          envelope: envelope ?? null,
          raw: 'raw' in content && content.raw !== null ? storable(content.raw) : null,
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
    logger.error({ ...location, key, messageId, reason, attempts }, 'message moved to dead letters');
  }
}

/** Each header's first value as text; a header without a value (null from other clients) is left out. */
function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => {
      const first: Buffer | string | null | undefined = Array.isArray(value) ? value[0] : value;
      return first === undefined || first === null ? [] : [[name, first.toString()]];
    }),
  );
}
