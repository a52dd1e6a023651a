import { describe, expect, it } from 'vitest';
import type { StackInfo } from '../types.js';
import { kafkaControl } from './index.js';

const base = { databaseUrl: 'postgres://localhost/x', kafkaBrokers: ['localhost:9092'] };
const docker: StackInfo = {
  ...base,
  source: 'docker',
  kafka: { kind: 'docker', version: '4.4.0', brokers: 1 },
  kafkaControl: { kind: 'docker', containerId: 'c1' },
};
const admin: StackInfo = {
  ...base,
  source: 'env',
  kafka: { kind: 'env', version: 'unknown', brokers: 1 },
  kafkaControl: { kind: 'admin' },
};
const apacheKafka: StackInfo = {
  ...base,
  source: 'embedded',
  kafka: { kind: 'apache-kafka', version: '4.4.0', brokers: 1 },
  kafkaControl: { kind: 'apache-kafka', url: 'http://127.0.0.1:1' },
};

describe('kafkaControl on a real Kafka', () => {
  it('cannot inject outages on a Kafka it does not control', async () => {
    expect(kafkaControl(admin).canInjectOutage).toBe(false);
    await expect(kafkaControl(admin).brokerDown()).rejects.toThrow(/canInjectOutage/);
    await expect(kafkaControl(admin).stopBroker(1)).rejects.toThrow(/canInjectOutage/);
  });

  it('refuses node ids that cannot name a broker', async () => {
    for (const nodeId of [0, -1, 1.5, 1000]) {
      await expect(kafkaControl(apacheKafka).stopBroker(nodeId)).rejects.toThrow(/invalid broker node id/);
    }
    await expect(kafkaControl(docker).stopBroker(2)).rejects.toThrow(/one Kafka node/);
  });

  it('says which process it needs when the fault controls do not answer', async () => {
    await expect(kafkaControl(apacheKafka).brokerDown()).rejects.toThrow(/started the stack/);
  });
});
