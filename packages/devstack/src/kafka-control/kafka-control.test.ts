import { describe, expect, it } from 'vitest';
import type { StackInfo } from '../types.js';
import { kafkaControl } from './index.js';

const base = { databaseUrl: 'postgres://localhost/x', kafkaBrokers: ['localhost:9092'] };

describe('kafkaControl on a real Kafka', () => {
  it('refuses failProduce, which only the mock can do', async () => {
    const docker: StackInfo = {
      ...base,
      source: 'docker',
      kafkaControl: { kind: 'docker', containerId: 'c1' },
    };
    const admin: StackInfo = { ...base, source: 'env', kafkaControl: { kind: 'admin' } };
    await expect(kafkaControl(docker).failProduce('any', 10)).rejects.toThrow(/mock/);
    await expect(kafkaControl(admin).failProduce('any', 10)).rejects.toThrow(/mock/);
  });

  it('cannot inject outages on a Kafka it does not control', async () => {
    const admin: StackInfo = { ...base, source: 'env', kafkaControl: { kind: 'admin' } };
    expect(kafkaControl(admin).canInjectOutage).toBe(false);
    await expect(kafkaControl(admin).brokerDown()).rejects.toThrow();
  });
});
