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

export function kafkaSender(producer: Producer, timeoutMs: number, topicPrefix = ''): SendBatch {
  return async (messages) => {
    const byTopic = new Map<string, { key: string; value: string; headers: IHeaders }[]>();
    for (const message of messages) {
      const record = {
        key: message.key,
        value: message.value,
        headers: { ...message.headers, 'message-id': message.id, 'message-type': message.type },
      };
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
