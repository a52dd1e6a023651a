import type { StackInfo } from '../types.js';
import { createTopicsWithAdmin } from './admin.js';
import { assertNodeId, type KafkaControl, type TopicSpec } from './types.js';

const commandTimeoutMs = 90_000;

/**
 * Embedded Apache Kafka: topics through the kafkajs admin (there is a controller),
 * faults through the loopback HTTP controls of the process that started the
 * brokers. A broker taken down is SIGKILLed and comes back on its ports and data.
 */
export class ApacheKafkaControl implements KafkaControl {
  readonly canInjectOutage = true;

  constructor(
    private readonly url: string,
    private readonly brokers: string[],
    private readonly security: Pick<StackInfo, 'kafkaSasl' | 'kafkaTlsCaFile'> = {},
  ) {}

  private async command(path: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        signal: AbortSignal.timeout(commandTimeoutMs),
      });
    } catch (error) {
      throw new Error(
        `Kafka fault control at ${this.url} did not answer ${path}: ${(error as Error).message} (has the process that started the stack ended?)`,
      );
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      throw new Error(`Kafka fault control refused ${path}: ${body.error ?? response.status}`);
    }
  }

  createTopic(name: string, partitions: number): Promise<void> {
    return this.createTopics([{ name, partitions }]);
  }

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    return createTopicsWithAdmin(this.brokers, topics, this.security);
  }

  brokerDown(): Promise<void> {
    return this.command('/down');
  }

  brokerUp(): Promise<void> {
    return this.command('/up');
  }

  async stopBroker(nodeId: number): Promise<void> {
    assertNodeId(nodeId);
    return this.command(`/nodes/${nodeId}/down`);
  }

  async startBroker(nodeId: number): Promise<void> {
    assertNodeId(nodeId);
    return this.command(`/nodes/${nodeId}/up`);
  }
}
