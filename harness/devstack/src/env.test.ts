import { describe, expect, it } from 'vitest';
import { explicitEnvStack, parseKafkaBrokers, stackInfoFromEnv, stackInfoToEnv } from './env.js';
import type { StackInfo } from './types.js';

const embedded: StackInfo = {
  source: 'embedded',
  databaseUrl: 'postgres://postgres:pw@127.0.0.1:5432/postgres',
  kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
  kafka: { kind: 'apache-kafka', version: '4.4.0', brokers: 2 },
  kafkaControl: { kind: 'apache-kafka', url: 'http://127.0.0.1:4000' },
};

describe('stackInfoToEnv / stackInfoFromEnv', () => {
  it('round-trips a mock stack too', () => {
    const mock: StackInfo = {
      ...embedded,
      kafka: { kind: 'librdkafka-mock', version: '2.0.2', brokers: 1 },
      kafkaControl: { kind: 'mock', host: '127.0.0.1', port: 4000 },
    };
    expect(stackInfoFromEnv(stackInfoToEnv(mock))).toEqual(mock);
  });

  it('round-trips a stack through the environment', () => {
    const env = stackInfoToEnv(embedded);
    expect(env).toMatchObject({
      DATABASE_URL: embedded.databaseUrl,
      KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093',
    });
    expect(stackInfoFromEnv(env)).toEqual(embedded);
  });

  it('carries a SCRAM stack’s credentials, and hands them to services as KAFKA_SASL_*', () => {
    const scram: StackInfo = {
      ...embedded,
      kafkaSasl: { mechanism: 'scram-sha-512', username: 'sagaflow', password: 'pw' },
    };
    const env = stackInfoToEnv(scram);
    expect(env).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'sagaflow',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(stackInfoFromEnv(env)).toEqual(scram);
    expect(stackInfoToEnv(embedded)).not.toHaveProperty('KAFKA_SASL_MECHANISM');
    const tls = stackInfoToEnv({ ...scram, kafkaTlsCaFile: '/run/kafka/tls/kafka-ca.pem' });
    expect(tls).toMatchObject({ KAFKA_TLS: 'verify-full', KAFKA_TLS_CA_FILE: '/run/kafka/tls/kafka-ca.pem' });
    expect(stackInfoFromEnv(tls)?.kafkaTlsCaFile).toBe('/run/kafka/tls/kafka-ca.pem');
    expect(stackInfoToEnv(scram)).not.toHaveProperty('KAFKA_TLS');
    const bad = JSON.stringify({ ...scram, kafkaSasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(() => stackInfoFromEnv({ SAGAFLOW_STACK: bad })).toThrow(/unknown kafkaSasl mechanism plain/);
  });

  it('drops what is not StackInfo (a Devstack carries stop and startupMs)', () => {
    const devstack = { ...embedded, startupMs: 12, stop: async () => undefined };
    expect(JSON.parse(stackInfoToEnv(devstack).SAGAFLOW_STACK ?? '')).toEqual(embedded);
  });

  it('is undefined when SAGAFLOW_STACK is unset or blank', () => {
    expect(stackInfoFromEnv({})).toBeUndefined();
    expect(stackInfoFromEnv({ SAGAFLOW_STACK: ' ' })).toBeUndefined();
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /unknown source/],
    [JSON.stringify({ ...embedded, source: 'cloud' }), /unknown source/],
    [JSON.stringify({ ...embedded, kafkaBrokers: [] }), /kafkaBrokers/],
    [JSON.stringify({ ...embedded, kafkaControl: { kind: 'mock', host: 'h' } }), /host and port/],
    [
      JSON.stringify({ ...embedded, kafkaControl: { kind: 'apache-kafka', url: 'http://example.com:80' } }),
      /loopback url/,
    ],
    [JSON.stringify({ ...embedded, kafka: undefined }), /kafka is not an object/],
    [
      JSON.stringify({ ...embedded, kafka: { kind: 'redpanda', version: '1', brokers: 1 } }),
      /unknown kafka kind/,
    ],
    [
      JSON.stringify({ ...embedded, kafka: { kind: 'apache-kafka', brokers: 1 } }),
      /version and a broker count/,
    ],
    [JSON.stringify({ ...embedded, kafkaControl: { kind: 'ssh' } }), /unknown kafkaControl kind/],
  ])('rejects a malformed description %s', (raw, message) => {
    expect(() => stackInfoFromEnv({ SAGAFLOW_STACK: raw })).toThrow(message);
  });
});

describe('explicitEnvStack', () => {
  it('needs both DATABASE_URL and KAFKA_BROKERS', () => {
    expect(explicitEnvStack({ DATABASE_URL: 'postgres://x/y' })).toBeUndefined();
    expect(explicitEnvStack({ KAFKA_BROKERS: 'k:9092' })).toBeUndefined();
    expect(explicitEnvStack({ DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: ' , ' })).toBeUndefined();
  });

  it('describes an env stack controlled through the admin API', () => {
    expect(explicitEnvStack({ DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'a:1, b:2,' })).toEqual({
      source: 'env',
      databaseUrl: 'postgres://x/y',
      kafkaBrokers: ['a:1', 'b:2'],
      kafka: { kind: 'env', version: 'unknown', brokers: 2 },
      kafkaControl: { kind: 'admin' },
    });
  });
});

describe('parseKafkaBrokers', () => {
  it('splits, trims and drops empties', () => {
    expect(parseKafkaBrokers(' a:1 ,,b:2 ')).toEqual(['a:1', 'b:2']);
  });
});
