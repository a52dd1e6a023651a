import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Envelope } from '../envelope/envelope.js';
import { encodeEnvelope } from '../envelope/envelope.js';
import type { PendingMessage } from '../relay/plan.js';
import { kafkaSender, type SendBatch } from '../relay/publish.js';
import type { OutboxDatabase } from '../relay/store.js';
import type { NewOutboxRow } from '../schema/tables.js';

/*
 * THE BASELINE, NOT THE PRODUCT. "Commit, then publish" as most services do it,
 * kept so `pnpm chaos` and `pnpm bench` can measure what the outbox buys: a crash
 * between the commit and the send, or a send that fails, loses the message for good.
 */

/** Messages enqueued in a transaction of a dual-write database, to be sent after its commit. */
const deferredByTransaction = new WeakMap<object, NewOutboxRow[]>();

/** The list enqueue() appends to instead of writing outbox rows; undefined for outbox transactions. */
export function deferredMessagesOf(tx: object): NewOutboxRow[] | undefined {
  return deferredByTransaction.get(tx);
}

export interface DualWriteOptions {
  producer: Producer;
  logger: Logger;
  topicPrefix?: string;
  sendTimeoutMs?: number;
}

/** A producer with kafkajs's defaults, as the naive pattern would use. */
export function createDualWriteProducer(kafka: Kafka): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/**
 * `db` whose transactions send what they enqueued straight to Kafka once they have
 * committed. A failed send is logged and rethrown to the caller, whose transaction
 * is already committed: the message is gone.
 */
export function dualWriteDatabase<TDb extends OutboxDatabase>(db: TDb, options: DualWriteOptions): TDb {
  const send = kafkaSender(options.producer, options.sendTimeoutMs ?? 10_000, options.topicPrefix ?? '');
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
}

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
  const id = row.id as string;
  const envelope: Envelope = {
    id,
    type: row.type,
    schemaVersion: row.schemaVersion ?? 1,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    correlationId: row.correlationId,
    causationId: row.causationId ?? null,
    occurredAt: (row.occurredAt ?? new Date()).toISOString(),
    payload: row.payload,
  };
  return {
    id,
    topic: row.topic,
    key: row.key,
    type: row.type,
    value: encodeEnvelope(envelope),
    headers: (row.headers ?? {}) as Record<string, string>,
    attempts: 0,
    due: true,
  };
}
