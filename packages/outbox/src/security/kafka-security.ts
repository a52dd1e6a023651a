import {
  clientCertificate,
  type EnvSource,
  refuseWithoutTls,
  SecurityConfigError,
  setting,
  tlsMode,
} from './env-settings.js';

export const kafkaSecurityVariables = {
  mechanism: 'KAFKA_SASL_MECHANISM',
  username: 'KAFKA_SASL_USERNAME',
  password: 'KAFKA_SASL_PASSWORD',
  passwordFile: 'KAFKA_SASL_PASSWORD_FILE',
  tls: 'KAFKA_TLS',
  caFile: 'KAFKA_TLS_CA_FILE',
  certFile: 'KAFKA_TLS_CERT_FILE',
  keyFile: 'KAFKA_TLS_KEY_FILE',
} as const;

const v = kafkaSecurityVariables;

export const saslMechanisms = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

/** The password itself, or the file holding it (a mounted secret), read at connect time. */
export type SecretSource = { value: string } | { file: string };

export interface KafkaSecuritySettings {
  sasl?: { mechanism: SaslMechanism; username: string; password: SecretSource };
  /** Absent: plaintext. Present: TLS with the broker's certificate and host name checked. */
  tls?: { caFile?: string; client?: { certFile: string; keyFile: string } };
}

function isMechanism(value: string): value is SaslMechanism {
  return (saslMechanisms as readonly string[]).includes(value);
}

function saslOf(env: EnvSource): KafkaSecuritySettings['sasl'] {
  const raw = setting(env, v.mechanism);
  const username = setting(env, v.username);
  const password = setting(env, v.password);
  const passwordFile = setting(env, v.passwordFile);
  if (raw === undefined) {
    const stray = [
      [v.username, username],
      [v.password, password],
      [v.passwordFile, passwordFile],
    ].flatMap(([name, value]) => (value === undefined ? [] : [name as string]));
    if (stray.length > 0)
      throw new SecurityConfigError(
        `${stray.join(', ')} set without ${v.mechanism}; set it to one of ${saslMechanisms.join(', ')}`,
        [v.mechanism, ...stray],
      );
    return undefined;
  }
  const mechanism = raw.toLowerCase();
  if (!isMechanism(mechanism))
    throw new SecurityConfigError(
      `${v.mechanism} must be one of ${saslMechanisms.join(', ')}, got ${JSON.stringify(raw)}`,
      [v.mechanism],
    );
  if (username === undefined)
    throw new SecurityConfigError(`${v.mechanism}=${mechanism} needs ${v.username}`, [
      v.mechanism,
      v.username,
    ]);
  if ((password === undefined) === (passwordFile === undefined))
    throw new SecurityConfigError(
      `${v.mechanism}=${mechanism} needs exactly one of ${v.password} and ${v.passwordFile}`,
      [v.password, v.passwordFile],
    );
  return {
    mechanism,
    username,
    password: password === undefined ? { file: passwordFile as string } : { value: password },
  };
}

/**
 * Kafka's client security from the environment, validated as a whole: SASL
 * (SCRAM-SHA-256/512, or PLAIN, which sends the password itself and so only over
 * TLS) and TLS (a CA file, a client certificate). Pure: files are read when connecting.
 */
export function parseKafkaSecurity(env: EnvSource): KafkaSecuritySettings {
  const sasl = saslOf(env);
  const tls = tlsMode(env, v.tls);
  if (tls === 'off') {
    refuseWithoutTls(env, v.tls, [v.caFile, v.certFile, v.keyFile]);
    if (sasl?.mechanism === 'plain')
      throw new SecurityConfigError(
        `${v.mechanism}=plain sends the password in clear text; set ${v.tls}=verify-full, or use scram-sha-512`,
        [v.mechanism, v.tls],
      );
    return sasl === undefined ? {} : { sasl };
  }
  const caFile = setting(env, v.caFile);
  const client = clientCertificate(env, v.certFile, v.keyFile);
  return {
    ...(sasl === undefined ? {} : { sasl }),
    tls: { ...(caFile === undefined ? {} : { caFile }), ...(client === undefined ? {} : { client }) },
  };
}

/** For the start-up log line: what is configured, never a secret. */
export function describeKafkaSecurity(settings: KafkaSecuritySettings): string {
  const sasl = settings.sasl ? `SASL ${settings.sasl.mechanism} as ${settings.sasl.username}` : 'no SASL';
  const tls = settings.tls
    ? `TLS verify-full${settings.tls.caFile ? ` (CA ${settings.tls.caFile})` : ''}${settings.tls.client ? ' with a client certificate' : ''}`
    : 'plaintext';
  return `${sasl}, ${tls}`;
}
