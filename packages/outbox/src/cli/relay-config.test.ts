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

  it('reads Kafka SASL/TLS and Postgres TLS from the environment, as the services do', () => {
    const config = readRelayConfig([], {
      ...env,
      DATABASE_URL: `${env.DATABASE_URL}?sslmode=verify-full`,
      DATABASE_TLS: 'verify-full',
      DATABASE_TLS_CA_FILE: '/ca.pem',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'relay',
      KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka',
    });
    expect(config).toMatchObject({
      kafkaSecurity: {
        sasl: { mechanism: 'scram-sha-256', username: 'relay', password: { file: '/run/secrets/kafka' } },
      },
      postgresTls: { connectionString: env.DATABASE_URL, tls: { caFile: '/ca.pem' } },
    });
  });

  it('refuses contradictory security settings with a ConfigError naming them', () => {
    expect(() => readRelayConfig([], { ...env, KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(
      new ConfigError('KAFKA_SASL_MECHANISM=scram-sha-512 needs KAFKA_SASL_USERNAME'),
    );
    expect(() =>
      readRelayConfig(['--database-url', `${env.DATABASE_URL}?sslmode=require`], {
        ...env,
        DATABASE_TLS: 'verify-full',
      }),
    ).toThrow(/^--database-url has sslmode=require, which DATABASE_TLS=verify-full does not allow/);
  });
});
