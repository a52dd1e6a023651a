import { describe, expect, it } from 'vitest';
import { SecurityConfigError } from './env-settings.js';
import { describeKafkaSecurity, parseKafkaSecurity } from './kafka-security.js';

const scram = {
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'order',
  KAFKA_SASL_PASSWORD: 's3cret',
};

function refusal(env: Record<string, string>): SecurityConfigError {
  try {
    parseKafkaSecurity(env);
  } catch (error) {
    if (error instanceof SecurityConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('parseKafkaSecurity', () => {
  it('is plaintext without SASL when nothing is set, and treats empty values as unset', () => {
    expect(parseKafkaSecurity({})).toEqual({});
    expect(parseKafkaSecurity({ KAFKA_SASL_MECHANISM: '', KAFKA_TLS: '', KAFKA_TLS_CA_FILE: ' ' })).toEqual(
      {},
    );
  });

  it('reads SCRAM-SHA-256 and -512, any case, with the password inline or from a file', () => {
    expect(parseKafkaSecurity(scram)).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'order', password: { value: 's3cret' } },
    });
    expect(
      parseKafkaSecurity({
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'order',
        KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka',
      }),
    ).toEqual({
      sasl: { mechanism: 'scram-sha-256', username: 'order', password: { file: '/run/secrets/kafka' } },
    });
  });

  it('reads TLS with a CA file and a client certificate', () => {
    expect(
      parseKafkaSecurity({
        ...scram,
        KAFKA_TLS: 'verify-full',
        KAFKA_TLS_CA_FILE: '/ca.pem',
        KAFKA_TLS_CERT_FILE: '/c.pem',
        KAFKA_TLS_KEY_FILE: '/k.pem',
      }).tls,
    ).toEqual({ caFile: '/ca.pem', client: { certFile: '/c.pem', keyFile: '/k.pem' } });
    expect(parseKafkaSecurity({ KAFKA_TLS: 'verify-full' })).toEqual({ tls: {} });
  });

  it('refuses an unknown mechanism or TLS mode, naming the variable', () => {
    expect(refusal({ ...scram, KAFKA_SASL_MECHANISM: 'gssapi' })).toMatchObject({
      message: expect.stringContaining(
        'KAFKA_SASL_MECHANISM must be one of scram-sha-256, scram-sha-512, plain',
      ),
      variables: ['KAFKA_SASL_MECHANISM'],
    });
    expect(refusal({ KAFKA_TLS: 'true' }).message).toMatch(/KAFKA_TLS must be "off" or "verify-full"/);
  });

  it('refuses SASL without a username, or with none or both of the password settings', () => {
    expect(refusal({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'x' }).variables).toEqual([
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_USERNAME',
    ]);
    const { KAFKA_SASL_PASSWORD: _, ...noPassword } = scram;
    expect(refusal(noPassword).message).toMatch(
      /exactly one of KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE/,
    );
    expect(refusal({ ...scram, KAFKA_SASL_PASSWORD_FILE: '/f' }).variables).toEqual([
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_PASSWORD_FILE',
    ]);
  });

  it('refuses credentials without a mechanism, rather than connecting without them', () => {
    expect(refusal({ KAFKA_SASL_USERNAME: 'order', KAFKA_SASL_PASSWORD: 'x' }).message).toBe(
      'KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD set without KAFKA_SASL_MECHANISM; set it to one of scram-sha-256, scram-sha-512, plain',
    );
  });

  it('refuses PLAIN without TLS, and TLS files with TLS off', () => {
    expect(refusal({ ...scram, KAFKA_SASL_MECHANISM: 'plain' }).variables).toEqual([
      'KAFKA_SASL_MECHANISM',
      'KAFKA_TLS',
    ]);
    expect(
      parseKafkaSecurity({ ...scram, KAFKA_SASL_MECHANISM: 'plain', KAFKA_TLS: 'verify-full' }).sasl
        ?.mechanism,
    ).toBe('plain');
    expect(refusal({ KAFKA_TLS_CA_FILE: '/ca.pem' }).message).toBe(
      'KAFKA_TLS_CA_FILE is set but KAFKA_TLS is off; set KAFKA_TLS=verify-full or unset it',
    );
  });

  it('wants a client certificate and its key together', () => {
    expect(refusal({ KAFKA_TLS: 'verify-full', KAFKA_TLS_CERT_FILE: '/c.pem' }).variables).toEqual([
      'KAFKA_TLS_CERT_FILE',
      'KAFKA_TLS_KEY_FILE',
    ]);
  });

  it('never puts the password in an error or the description', () => {
    const messages = [
      refusal({ ...scram, KAFKA_SASL_MECHANISM: 'plain' }).message,
      refusal({ ...scram, KAFKA_SASL_PASSWORD_FILE: '/f' }).message,
      describeKafkaSecurity(parseKafkaSecurity({ ...scram, KAFKA_TLS: 'verify-full' })),
    ];
    for (const message of messages) expect(message).not.toContain('s3cret');
    expect(messages[2]).toBe('SASL scram-sha-512 as order, TLS verify-full');
  });
});
