import { describe, expect, it } from 'vitest';
import { readConnectionSecurity } from './connection-security.js';
import { ConfigError, loadEnv, serviceEnv } from './env.js';

const base = {
  DATABASE_URL: 'postgres://order:pw@db:5432/order',
  KAFKA_BROKERS: 'k:9092',
  AUTH_ISSUER: 'sagaflow',
  AUTH_AUDIENCE: 'sagaflow',
};
const envOf = (extra: Record<string, string>) => loadEnv(serviceEnv({}), { ...base, ...extra });

describe('readConnectionSecurity', () => {
  it('is plaintext, ssl: false, when no security variable is set', async () => {
    expect(await readConnectionSecurity(envOf({}))).toEqual({
      kafka: {},
      database: { connectionString: base.DATABASE_URL, ssl: false },
      description: { kafka: 'no SASL, plaintext', database: 'no TLS' },
    });
  });

  it('hands kafkajs the SCRAM credentials and TLS of the environment', async () => {
    const security = await readConnectionSecurity(
      envOf({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'order',
        KAFKA_SASL_PASSWORD: 'pw',
        KAFKA_TLS: 'verify-full',
      }),
    );
    expect(security.kafka).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'order', password: 'pw' },
      ssl: { rejectUnauthorized: true },
    });
    expect(security.description.kafka).toBe('SASL scram-sha-512 as order, TLS verify-full');
  });

  it('fails with a ConfigError naming the variables, so the service exits with that line', async () => {
    await expect(readConnectionSecurity(envOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256' }))).rejects.toEqual(
      new ConfigError('invalid configuration: KAFKA_SASL_MECHANISM=scram-sha-256 needs KAFKA_SASL_USERNAME'),
    );
    await expect(
      readConnectionSecurity(
        envOf({ DATABASE_URL: `${base.DATABASE_URL}?sslmode=disable`, DATABASE_TLS: 'verify-full' }),
      ),
    ).rejects.toThrow(ConfigError);
    await expect(
      readConnectionSecurity(envOf({ DATABASE_TLS: 'verify-full', DATABASE_TLS_CA_FILE: '/no/such/ca.pem' })),
    ).rejects.toThrow('invalid configuration: DATABASE_TLS_CA_FILE: cannot read /no/such/ca.pem (ENOENT)');
  });
});
