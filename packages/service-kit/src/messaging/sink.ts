import {
  type Envelope,
  enqueue,
  type OutboxDatabase,
  type OutboxTransaction,
  type OutgoingMessage,
} from '@sagaflow/outbox';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * Where a service's messages go. Service code enqueues through the sink the kit
 * hands it, never through the outbox directly, so a harness can substitute another
 * delivery (the dual-write baseline) without the product knowing of it.
 */
export interface MessageSink {
  /** Records messages as part of `tx`: they are delivered only if `tx` commits. */
  enqueue(tx: OutboxTransaction, messages: OutgoingMessage | readonly OutgoingMessage[]): Promise<Envelope[]>;
}

/** The product's sink: rows of the outbox in the business transaction, published by the relay. */
export const outboxSink: MessageSink = { enqueue: (tx, messages) => enqueue(tx, messages) };

export interface SinkContext {
  kafka: Kafka;
  logger: Logger;
  topicPrefix: string;
}

/** A sink opened for one running service. */
export interface OpenSink {
  sink: MessageSink;
  /**
   * The database the service then works with. A sink that acts when a transaction
   * commits needs to see the service's transactions; the outbox needs nothing.
   */
  database?: <TDb extends OutboxDatabase>(db: TDb) => TDb;
  close?: () => Promise<void>;
}

/** Opens a sink once the service's Kafka client exists; the kit closes it on stop. */
export type MessageSinkFactory = (context: SinkContext) => Promise<OpenSink>;

export const openOutboxSink: MessageSinkFactory = async () => ({ sink: outboxSink });
