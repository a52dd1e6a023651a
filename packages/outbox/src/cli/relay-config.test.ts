import { describe, expect, it } from 'vitest';
import { ConfigError, readRelayConfig } from './relay-config.js';

const env = { DATABASE_URL: 'postgres://u@localhost/db', KAFKA_BROKERS: 'localhost:9092, localhost:9093' };

describe('readRelayConfig', () => {
  it('reads settings from the environment with defaults', () => {
    expect(readRelayConfig([], env)).toMatchObject({
      databaseUrl: env.DATABASE_URL,
      brokers: ['localhost:9092', 'localhost:9093'],
      batchSize: 2000,
      maxAttempts: 10,
    });
  });

  it('lets flags override the environment', () => {
    expect(readRelayConfig(['--batch-size', '50', '--brokers', 'k:1'], env)).toMatchObject({
      batchSize: 50,
      brokers: ['k:1'],
    });
  });

  it('names the bad setting', () => {
    expect(() => readRelayConfig([], {})).toThrow(
      new ConfigError('missing --database-url (or DATABASE_URL)'),
    );
    expect(() => readRelayConfig(['--batch-size', '0'], env)).toThrow(
      /--batch-size must be a positive integer/,
    );
    expect(() => readRelayConfig(['--brokers', 'nope'], env)).toThrow(/"nope" is not host:port/);
    expect(() => readRelayConfig(['--bogus'], env)).toThrow();
  });
});
