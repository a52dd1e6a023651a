import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '@sagaflow/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/** The topics some sagaflow service consumes; order.events has no consumer of ours. */
const consumedTopics = [topics.inventoryCommands, topics.paymentCommands, topics.orderSagaReplies];

/**
 * Sends, to every consumed topic, a record that is not JSON and an envelope of a
 * type nobody knows, each keyed so the audit can tell its dead letter from one the
 * run did not cause. Retries while the broker is down. Returns the keys.
 */
export async function injectPoison(brokers: string[], topicPrefix: string, runId: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'chaos-poison', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const keys: string[] = [];
  const records = consumedTopics.flatMap((topic) => {
    const notJson = `chaos-poison-${runId}-${topic}-not-json`;
    const unknownType = `chaos-poison-${runId}-${topic}-unknown-type`;
    const envelope = {
      id: uuidv7(),
      type: 'ChaosMonkeyWasHere',
      schemaVersion: 1,
      aggregateType: 'order',
      aggregateId: unknownType,
      correlationId: unknownType,
      causationId: null,
      occurredAt: new Date().toISOString(),
      payload: { orderId: unknownType },
    };
    return [
      { topic: topicPrefix + topic, key: notJson, value: '{"this is": not json' },
      { topic: topicPrefix + topic, key: unknownType, value: JSON.stringify(envelope) },
    ];
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.connect();
      for (const record of records) {
        await producer.send({
          topic: record.topic,
          acks: -1,
          messages: [{ key: record.key, value: record.value }],
        });
        if (!keys.includes(record.key)) keys.push(record.key);
      }
      await producer.disconnect();
      return keys;
    } catch (error) {
      if (attempt >= 30) throw error;
      await sleep(1000);
    }
  }
}
