import {
  buildEnvelope,
  EnqueueOutsideTransactionError,
  encodeEnvelope,
  kafkaSender,
  type NewOutboxRow,
  type OutboxDatabase,
  type OutgoingMessage,
  type PendingMessage,
  type SendBatch,
  toRow,
} from '@sagaflow/outbox';
import type { MessageSink, MessageSinkFactory } from '@sagaflow/service-kit';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';

/*
 * THE BASELINE, NOT THE PRODUCT. "Commit, then publish" as most services do it,
 * kept so `pnpm chaos` and `pnpm bench` can measure what the outbox buys: a crash
 * between the commit and the send, or a send that fails, loses the message for good.
 */

export interface DualWriteOptions {
  producer: Producer;
  logger: Logger;
  topicPrefix?: string;
  sendTimeoutMs?: number;
}

export interface DualWrite {
  /** Holds what a transaction enqueues until that transaction has committed. */
  sink: MessageSink;
  /**
   * `db` whose transactions send what they enqueued straight to Kafka once they
   * have committed, and nothing when they roll back. A failed send is logged and
   * rethrown to the caller, whose transaction is already committed: the message is gone.
   */
  database<TDb extends OutboxDatabase>(db: TDb): TDb;
}

/** A producer with kafkajs's defaults, as the naive pattern would use. */
export function createDualWriteProducer(kafka: Kafka): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

const ids = { newId: () => uuidv7(), now: () => new Date() };

export function dualWrite(options: DualWriteOptions): DualWrite {
  const send = kafkaSender(options.producer, options.sendTimeoutMs ?? 10_000, options.topicPrefix ?? '');
  // Only transactions opened through database() have a list: enqueueing anywhere else could never be sent.
  const deferredByTransaction = new WeakMap<object, NewOutboxRow[]>();
  const sink: MessageSink = {
    async enqueue(tx, messages) {
      const deferred = deferredByTransaction.get(tx);
      if (deferred === undefined) throw new EnqueueOutsideTransactionError();
      const list: readonly OutgoingMessage[] = Array.isArray(messages)
        ? messages
        : [messages as OutgoingMessage];
      const rows = list.map((message) => toRow(message, ids));
      deferred.push(...rows);
      return rows.map(buildEnvelope);
    },
  };
  const database = <TDb extends OutboxDatabase>(db: TDb): TDb => {
    const transaction: OutboxDatabase['transaction'] = async (work, config) => {
      const deferred: NewOutboxRow[] = [];
      const result = await db.transaction(async (tx) => {
        deferredByTransaction.set(tx, deferred);
        return work(tx);
      }, config);
      if (deferred.length > 0) await publishAfterCommit(deferred, send, options.logger);
      return result;
    };
    return new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'transaction') return transaction;
        return Reflect.get(target, property, receiver);
      },
    });
  };
  return { sink, database };
}

/** The sink the kit opens in place of the outbox when a service runs as the baseline. */
export const openDualWriteSink: MessageSinkFactory = async ({ kafka, logger, topicPrefix }) => {
  const producer = createDualWriteProducer(kafka);
  await producer.connect();
  logger.warn(
    'dual-write: messages are sent after commit without an outbox and can be lost; a baseline, not for production',
  );
  const { sink, database } = dualWrite({ producer, logger, topicPrefix });
  return { sink, database, close: () => producer.disconnect() };
};

async function publishAfterCommit(rows: NewOutboxRow[], send: SendBatch, logger: Logger): Promise<void> {
  const messages = rows.map(toPendingMessage);
  try {
    await send(messages);
  } catch (error) {
    logger.error(
      { err: error, lost: messages.map(({ id, type, key }) => ({ id, type, key })) },
      'dual-write: send after commit failed; these messages are lost',
    );
    throw error;
  }
}

function toPendingMessage(row: NewOutboxRow): PendingMessage {
  const envelope = buildEnvelope(row);
  return {
    id: envelope.id,
    topic: row.topic,
    key: row.key,
    type: row.type,
    value: encodeEnvelope(envelope),
    headers: (row.headers ?? {}) as Record<string, string>,
    attempts: 0,
    due: true,
  };
}
