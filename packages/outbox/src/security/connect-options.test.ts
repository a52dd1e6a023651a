import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaConnectOptions, postgresConnectOptions } from './connect-options.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagaflow-security-'));
  await writeFile(join(dir, 'password'), 'from-a-file\n');
  await writeFile(join(dir, 'empty'), '\n');
  await writeFile(join(dir, 'ca.pem'), 'CA PEM');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('kafkaConnectOptions', () => {
  it('reads the password file without its trailing newline, and the CA file', async () => {
    const options = await kafkaConnectOptions({
      sasl: { mechanism: 'scram-sha-256', username: 'order', password: { file: join(dir, 'password') } },
      tls: { caFile: join(dir, 'ca.pem') },
    });
    expect(options).toEqual({
      sasl: { mechanism: 'scram-sha-256', username: 'order', password: 'from-a-file' },
      ssl: { rejectUnauthorized: true, ca: 'CA PEM' },
    });
  });

  it('names the variable of a file it cannot read, or that is empty', async () => {
    await expect(kafkaConnectOptions({ tls: { caFile: join(dir, 'missing.pem') } })).rejects.toThrow(
      `KAFKA_TLS_CA_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
    );
    await expect(
      kafkaConnectOptions({
        sasl: { mechanism: 'scram-sha-512', username: 'u', password: { file: join(dir, 'empty') } },
      }),
    ).rejects.toThrow('KAFKA_SASL_PASSWORD_FILE');
  });

  it('is empty for plaintext without SASL', async () => {
    expect(await kafkaConnectOptions({})).toEqual({});
  });
});

describe('postgresConnectOptions', () => {
  it('says ssl: false when TLS is off, so PGSSLMODE cannot decide instead', async () => {
    expect(await postgresConnectOptions({ connectionString: 'postgres://x/y' })).toEqual({
      connectionString: 'postgres://x/y',
      ssl: false,
    });
  });

  it('checks the certificate against the CA file when TLS is on', async () => {
    const options = await postgresConnectOptions({
      connectionString: 'postgres://x/y',
      tls: { caFile: join(dir, 'ca.pem') },
    });
    expect(options.ssl).toEqual({ rejectUnauthorized: true, ca: 'CA PEM' });
    await expect(
      postgresConnectOptions({ connectionString: 'postgres://x/y', tls: { caFile: join(dir, 'nope') } }),
    ).rejects.toThrow(/^DATABASE_TLS_CA_FILE: cannot read/);
  });
});
