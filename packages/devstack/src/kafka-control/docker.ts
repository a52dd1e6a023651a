import { createTopicWithAdmin } from './admin.js';
import type { KafkaControl } from './types.js';

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
    return createTopicWithAdmin(this.brokers, name, partitions);
  }

  async brokerDown(): Promise<void> {
    const container = await kafkaContainer(this.containerId);
    if (!(await container.inspect()).State.Paused) await container.pause();
  }

  async brokerUp(): Promise<void> {
    const container = await kafkaContainer(this.containerId);
    if ((await container.inspect()).State.Paused) await container.unpause();
  }

  async failProduce(): Promise<void> {
    throw new Error(
      'failProduce needs the Kafka mock (embedded stack); this stack runs a real Kafka in Docker',
    );
  }
}
