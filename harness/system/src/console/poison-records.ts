import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { envelopeOf, type Target, targets } from '../hostile/poison.js';

export type PoisonedService = Target['service'];
export const poisonedServices: readonly PoisonedService[] = targets.map((target) => target.service);

export interface PoisonKeys {
  topic: string;
  notJson: string;
  unknownType: string;
}

/**
 * Two records onto the topic a service consumes that no relay of ours writes: one
 * that is not JSON, and a valid envelope of a type nobody knows. Both end as that
 * service's dead letters. Returns the topic and the records' keys.
 */
export async function poisonTopicOf(
  service: PoisonedService,
  brokers: string[],
  topicPrefix: string,
): Promise<PoisonKeys> {
  const target = targets.find((candidate) => candidate.service === service);
  if (target === undefined) throw new Error(`no topic of ${service} to poison`);
  const orderId = uuidv7();
  const keys = { topic: topicPrefix + target.topic, notJson: `poison-${orderId}`, unknownType: orderId };
  const kafka = new Kafka({ clientId: 'sagaflow-poison', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic: keys.topic,
      acks: -1,
      messages: [
        { key: keys.notJson, value: '{"this is": not json' },
        {
          key: keys.unknownType,
          value: JSON.stringify({ ...envelopeOf(target, orderId), type: 'ChaosMonkeyWasHere' }),
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return keys;
}
