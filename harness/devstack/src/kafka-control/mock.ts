import { connect } from 'node:net';
import type { KafkaControl, TopicSpec } from './types.js';
import { assertNodeId, assertPartitions, assertTopicName } from './types.js';

const commandTimeoutMs = 5_000;

/** One command per connection to the launcher's control port; resolves with its answer line. */
export function sendMockCommand(host: string, port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let answer = '';
    socket.setTimeout(commandTimeoutMs, () =>
      socket.destroy(new Error(`the Kafka mock did not answer "${command}" in time`)),
    );
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on('error', (error) => reject(new Error(`Kafka mock control ${host}:${port}: ${error.message}`)));
    socket.on('close', () => resolve(answer.trim()));
    socket.end(`${command}\n`);
  });
}

export class MockKafkaControl implements KafkaControl {
  readonly canInjectOutage = true;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private async command(
    line: string,
    accept: (answer: string) => boolean = (a) => a === 'ok',
  ): Promise<void> {
    const answer = await sendMockCommand(this.host, this.port, line);
    if (!accept(answer)) throw new Error(`Kafka mock refused "${line}": ${answer || 'no answer'}`);
  }

  async createTopic(name: string, partitions: number): Promise<void> {
    assertTopicName(name);
    assertPartitions(partitions);
    return this.command(`topic ${name} ${partitions}`, (a) => a === 'ok' || /already exists/i.test(a));
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const topic of topics) await this.createTopic(topic.name, topic.partitions);
  }

  brokerDown(): Promise<void> {
    return this.command('down -1');
  }

  brokerUp(): Promise<void> {
    return this.command('up -1');
  }

  async stopBroker(nodeId: number): Promise<void> {
    assertNodeId(nodeId);
    return this.command(`down ${nodeId}`);
  }

  async startBroker(nodeId: number): Promise<void> {
    assertNodeId(nodeId);
    return this.command(`up ${nodeId}`);
  }
}
