import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { envelopeOf, targets } from '../hostile/poison.js';

export interface PoisonRecord {
  topic: string;
  key: string;
  value: string;
}

/**
 * For every consumed topic, a record that is not JSON and an envelope of a type
 * nobody knows. The latter is a valid message of the topic with only its type
 * spoilt, keyed by its order id as a real one is, so nothing else trips first.
 */
export function chaosPoison(topicPrefix: string, runId: string): PoisonRecord[] {
  return targets.flatMap((target) => {
    const topic = topicPrefix + target.topic;
    const unknownType = { ...envelopeOf(target, uuidv7()), type: 'ChaosMonkeyWasHere' };
    return [
      { topic, key: `chaos-poison-${runId}-${target.topic}-not-json`, value: '{"this is": not json' },
      { topic, key: unknownType.aggregateId, value: JSON.stringify(unknownType) },
    ];
  });
}

/**
 * Sends chaosPoison's records, keyed so the audit can tell their dead letters from
 * ones the run did not cause. Retries while the broker is down. Returns the keys.
 */
export async function injectPoison(brokers: string[], topicPrefix: string, runId: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'chaos-poison', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const keys: string[] = [];
  const records = chaosPoison(topicPrefix, runId);
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
