import { describe, expect, it } from 'vitest';
import { benchServiceEnv, cpuProfileArgv, modePrefixes } from './env.js';

describe('benchServiceEnv', () => {
  it("sets no rate limit, the services' own fetch wait and deadlines that never fire in a run", () => {
    const env = benchServiceEnv({ env: {} });
    expect(env).toMatchObject({ RATE_LIMIT_MAX: '0' });
    // The mode is the entry the launcher starts, not a setting of the product.
    expect(env.MESSAGING_MODE).toBeUndefined();
    expect(env.KAFKA_MAX_WAIT_MS).toBeUndefined();
    for (const key of ['STOCK_TIMEOUT_MS', 'PAYMENT_TIMEOUT_MS', 'COMPENSATION_STEP_TIMEOUT_MS']) {
      expect(Number(env[key])).toBeGreaterThanOrEqual(3_600_000);
    }
  });

  it('lets --env pairs win', () => {
    const env = benchServiceEnv({ env: { KAFKA_MAX_WAIT_MS: '10', X: 'y', RATE_LIMIT_MAX: '5' } });
    expect(env).toMatchObject({ KAFKA_MAX_WAIT_MS: '10', X: 'y', RATE_LIMIT_MAX: '5' });
  });
});

describe('cpuProfileArgv', () => {
  it('gives each service a profile directory of its own, per mode', () => {
    expect(cpuProfileArgv('/p', 'outbox', ['order'])).toEqual({
      order: ['--cpu-prof', '--cpu-prof-dir=/p/outbox/order'],
    });
    expect(cpuProfileArgv(undefined, 'outbox', ['order'])).toEqual({});
  });
});

describe('modePrefixes', () => {
  it('keeps database names to identifiers and topics apart per mode', () => {
    expect(modePrefixes('dual-write')).toEqual({
      databasePrefix: 'bench_dual_write_',
      topicPrefix: 'bench-dual-write.',
    });
  });
});
