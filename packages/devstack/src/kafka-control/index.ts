import type { StackInfo } from '../types.js';
import { createTopicWithAdmin } from './admin.js';
import { DockerKafkaControl } from './docker.js';
import { MockKafkaControl } from './mock.js';
import type { KafkaControl } from './types.js';

export type { KafkaControl } from './types.js';

/** Env-provided Kafka: somebody else's cluster, so topics only. */
class AdminKafkaControl implements KafkaControl {
  readonly canInjectOutage = false;

  constructor(private readonly brokers: string[]) {}

  createTopic(name: string, partitions: number): Promise<void> {
    return createTopicWithAdmin(this.brokers, name, partitions);
  }

  async brokerDown(): Promise<void> {
    throw new Error('cannot take down an env-provided Kafka (KAFKA_BROKERS); check canInjectOutage first');
  }

  async brokerUp(): Promise<void> {
    throw new Error('cannot bring up an env-provided Kafka (KAFKA_BROKERS); check canInjectOutage first');
  }

  async failProduce(): Promise<void> {
    throw new Error(
      'failProduce needs the Kafka mock (embedded stack); this stack uses an env-provided Kafka',
    );
  }
}

/** Works from any process that holds the StackInfo. */
export function kafkaControl(info: StackInfo): KafkaControl {
  const control = info.kafkaControl;
  switch (control.kind) {
    case 'mock':
      return new MockKafkaControl(control.host, control.port);
    case 'docker':
      return new DockerKafkaControl(control.containerId, info.kafkaBrokers);
    case 'admin':
      return new AdminKafkaControl(info.kafkaBrokers);
  }
}
