import { createTopicsWithAdmin } from './admin.js';
import { assertNodeId, type KafkaControl, type TopicSpec } from './types.js';

async function kafkaContainer(containerId: string) {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  return client.container.getById(containerId);
}

/** A real broker in a container: an outage is a paused container (connections hang, as on a dead host). */
export class DockerKafkaControl implements KafkaControl {
  readonly canInjectOutage = true;

  constructor(
    private readonly containerId: string,
    private readonly brokers: string[],
  ) {}

  createTopic(name: string, partitions: number): Promise<void> {
    return this.createTopics([{ name, partitions }]);
  }

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    return createTopicsWithAdmin(this.brokers, topics);
  }

  /** The container holds one node, id 1. */
  async stopBroker(nodeId: number): Promise<void> {
    assertNodeId(nodeId);
    if (nodeId !== 1) throw new Error(`the Docker stack runs one Kafka node (1), not ${nodeId}`);
    return this.brokerDown();
  }

  async startBroker(nodeId: number): Promise<void> {
    assertNodeId(nodeId);
    if (nodeId !== 1) throw new Error(`the Docker stack runs one Kafka node (1), not ${nodeId}`);
    return this.brokerUp();
  }

  async brokerDown(): Promise<void> {
    const container = await kafkaContainer(this.containerId);
    if (!(await container.inspect()).State.Paused) await container.pause();
  }

  async brokerUp(): Promise<void> {
    const container = await kafkaContainer(this.containerId);
    if ((await container.inspect()).State.Paused) await container.unpause();
  }
}
