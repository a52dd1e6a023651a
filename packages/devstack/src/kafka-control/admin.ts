import { Kafka, logLevel } from 'kafkajs';
import { assertPartitions, assertTopicName } from './types.js';

/** Creates a topic on a real Kafka; a topic that already exists is success. */
export async function createTopicWithAdmin(
  brokers: string[],
  name: string,
  partitions: number,
): Promise<void> {
  assertTopicName(name);
  assertPartitions(partitions);
  // Failures surface as exceptions; kafkajs' own logging would go to the console.
  const admin = new Kafka({ clientId: 'sagaflow-devstack', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true });
  } catch (error) {
    if (!JSON.stringify(error, Object.getOwnPropertyNames(error)).includes('TOPIC_ALREADY_EXISTS'))
      throw error;
  } finally {
    await admin.disconnect();
  }
}
