import type { IHeaders, Producer } from 'kafkajs';
import { describeError, isBrokerUnavailable } from './kafka-errors.js';
import type { PendingMessage } from './plan.js';

export interface PublishOutcome {
  /** Acknowledged by the broker with acks=-1, in each key's order. */
  published: PendingMessage[];
  /** Per key, the first message the broker refused; nothing after it in that key was sent. */
  refused: Map<string, { message: PendingMessage; error: string }>;
}

export class BrokerUnavailableError extends Error {
  constructor(readonly underlying: unknown) {
    super(`broker unavailable: ${describeError(underlying)}`);
    this.name = 'BrokerUnavailableError';
  }
}

export type SendBatch = (messages: readonly PendingMessage[]) => Promise<void>;

/** A record as the producer sends it: key, value and headers already bytes. */
export interface EncodedRecord {
  key: Buffer;
  value: Buffer;
  headers: IHeaders;
}

/**
 * The Kafka record of a message, encoded on first use and kept with the message:
 * the halving of a refused batch sends the same messages again, and each is then
 * not encoded again.
 */
export function recordEncoder(): (message: PendingMessage) => EncodedRecord {
  const encoded = new WeakMap<PendingMessage, EncodedRecord>();
  return (message) => {
    let record = encoded.get(message);
    if (record === undefined) {
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(message.headers)) headers[name] = Buffer.from(value);
      headers['message-id'] = Buffer.from(message.id);
      headers['message-type'] = Buffer.from(message.type);
      record = { key: Buffer.from(message.key), value: Buffer.from(message.value), headers };
      encoded.set(message, record);
    }
    return record;
  };
}

export function kafkaSender(producer: Producer, timeoutMs: number, topicPrefix = ''): SendBatch {
  const encode = recordEncoder();
  return async (messages) => {
    const byTopic = new Map<string, EncodedRecord[]>();
    for (const message of messages) {
      const record = encode(message);
      const list = byTopic.get(message.topic);
      if (list) list.push(record);
      else byTopic.set(message.topic, [record]);
    }
    await producer.sendBatch({
      acks: -1,
      timeout: timeoutMs,
      topicMessages: [...byTopic].map(([topic, records]) => ({
        topic: topicPrefix + topic,
        messages: records,
      })),
    });
  };
}

/**
 * Publishes a batch. When the broker refuses part of it, halves the batch until each
 * refused message is isolated, so one poison message costs its own key a retry and
 * nobody else anything. Halving keeps every key's order: a key's messages in the
 * first half precede those in the second, and a key refused in the first half sends
 * nothing from the second. Throws BrokerUnavailableError when the cluster cannot
 * take writes at all; the caller then waits and retries the whole batch.
 */
export async function publishIsolatingRefusals(
  messages: readonly PendingMessage[],
  send: SendBatch,
): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { published: [], refused: new Map() };
  await publishPart(messages, send, outcome);
  return outcome;
}

async function publishPart(
  candidates: readonly PendingMessage[],
  send: SendBatch,
  outcome: PublishOutcome,
): Promise<void> {
  const messages = candidates.filter((message) => !outcome.refused.has(message.key));
  if (messages.length === 0) return;
  try {
    await send(messages);
    outcome.published.push(...messages);
    return;
  } catch (error) {
    if (isBrokerUnavailable(error)) throw new BrokerUnavailableError(error);
    if (messages.length === 1) {
      const [message] = messages as [PendingMessage];
      outcome.refused.set(message.key, { message, error: describeError(error) });
      return;
    }
  }
  const middle = Math.ceil(messages.length / 2);
  await publishPart(messages.slice(0, middle), send, outcome);
  await publishPart(messages.slice(middle), send, outcome);
}
