import type { StackInfo } from '../types.js';
import { createTopicsWithAdmin } from './admin.js';
import { ApacheKafkaControl } from './apache-kafka.js';
import { DockerKafkaControl } from './docker.js';
import { MockKafkaControl } from './mock.js';
import type { KafkaControl, TopicSpec } from './types.js';

export type { KafkaControl, TopicSpec } from './types.js';

const notHere = (what: string) =>
  new Error(`cannot ${what} an env-provided Kafka (KAFKA_BROKERS); check canInjectOutage first`);

/** Env-provided Kafka: somebody else's cluster, so topics only. */
class AdminKafkaControl implements KafkaControl {
  readonly canInjectOutage = false;

  constructor(private readonly brokers: string[]) {}

  createTopic(name: string, partitions: number): Promise<void> {
    return this.createTopics([{ name, partitions }]);
  }

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    return createTopicsWithAdmin(this.brokers, topics);
  }

  async brokerDown(): Promise<void> {
    throw notHere('take down');
  }

  async brokerUp(): Promise<void> {
    throw notHere('bring up');
  }

  async stopBroker(): Promise<void> {
    throw notHere('stop a broker of');
  }

  async startBroker(): Promise<void> {
    throw notHere('start a broker of');
  }
}

/** Works from any process that holds the StackInfo. */
export function kafkaControl(info: StackInfo): KafkaControl {
  const control = info.kafkaControl;
  switch (control.kind) {
    case 'apache-kafka':
      return new ApacheKafkaControl(control.url, info.kafkaBrokers, info);
    case 'mock':
      return new MockKafkaControl(control.host, control.port);
    case 'docker':
      return new DockerKafkaControl(control.containerId, info.kafkaBrokers);
    case 'admin':
      return new AdminKafkaControl(info.kafkaBrokers);
  }
}
