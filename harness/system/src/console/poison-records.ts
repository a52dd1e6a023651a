import { topics } from '@sagaflow/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { envelopeOf, targets } from '../hostile/poison.js';
import type { System } from '../launcher/launcher.js';

/**
 * Two records onto the inventory's command topic that no relay of ours writes: one
 * that is not JSON, and a valid envelope of a type nobody knows. Returns their keys.
 */
export async function poisonInventoryCommands(
  system: System,
): Promise<{ notJson: string; unknownType: string }> {
  const target = targets.find((candidate) => candidate.topic === topics.inventoryCommands);
  if (target === undefined) throw new Error('no poison target for the inventory command topic');
  const orderId = uuidv7();
  const keys = { notJson: `console-poison-${orderId}`, unknownType: orderId };
  const kafka = new Kafka({
    clientId: 'console-poison',
    brokers: system.stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic: system.topicPrefix + target.topic,
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
