import { parseArgs } from 'node:util';
import { SecurityConfigError } from '../security/env-settings.js';
import { type KafkaSecuritySettings, parseKafkaSecurity } from '../security/kafka-security.js';
import { type PostgresTlsSettings, parsePostgresTls } from '../security/postgres-tls.js';

export interface RelayCliConfig {
  databaseUrl: string;
  brokers: string[];
  clientId: string;
  batchSize: number;
  pollIntervalMs: number;
  maxAttempts: number;
  logLevel: string;
  kafkaSecurity: KafkaSecuritySettings;
  /** Also carries the database URL node-postgres is handed, its TLS parameters checked and removed. */
  postgresTls: PostgresTlsSettings;
}

export const relayUsage = `Usage: sagaflow-relay [options]

Publishes the outbox of one database to Kafka until SIGINT/SIGTERM, then finishes
the batch in flight and exits.

Options (each also read from the environment variable in brackets):
  --database-url URL        Postgres holding the outbox          [DATABASE_URL]
  --brokers HOST:PORT,...   Kafka bootstrap brokers              [KAFKA_BROKERS]
  --client-id NAME          Kafka client id (default sagaflow-relay)
  --batch-size N            messages per transaction (default 2000)
  --poll-interval-ms N      fallback scan interval (default 1000)
  --max-attempts N          refusals before dead letters (default 10)
  --log-level LEVEL         pino level (default info)            [LOG_LEVEL]
  --help

Kafka SASL/TLS and Postgres TLS, from the environment only, as the services read them:
  KAFKA_SASL_MECHANISM (scram-sha-256, scram-sha-512, plain), KAFKA_SASL_USERNAME,
  KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, KAFKA_TLS (off, verify-full),
  KAFKA_TLS_CA_FILE, KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE; DATABASE_TLS (off,
  verify-full), DATABASE_TLS_CA_FILE, DATABASE_TLS_CERT_FILE, DATABASE_TLS_KEY_FILE.`;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the CLI's configuration; throws ConfigError naming the bad setting. */
export function readRelayConfig(argv: string[], env: NodeJS.ProcessEnv): RelayCliConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'database-url': { type: 'string' },
      brokers: { type: 'string' },
      'client-id': { type: 'string', default: 'sagaflow-relay' },
      'batch-size': { type: 'string', default: '2000' },
      'poll-interval-ms': { type: 'string', default: '1000' },
      'max-attempts': { type: 'string', default: '10' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
  if (!databaseUrl) throw new ConfigError('missing --database-url (or DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('--database-url must be a postgres:// URL');
  const brokers = (values.brokers ?? env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('missing --brokers (or KAFKA_BROKERS)');
  for (const broker of brokers) {
    if (!/^[^:\s]+:\d{1,5}$/.test(broker)) throw new ConfigError(`broker "${broker}" is not host:port`);
  }
  return {
    databaseUrl,
    brokers,
    clientId: values['client-id'],
    batchSize: positiveInteger('--batch-size', values['batch-size']),
    pollIntervalMs: positiveInteger('--poll-interval-ms', values['poll-interval-ms']),
    maxAttempts: positiveInteger('--max-attempts', values['max-attempts']),
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
    ...connectionSecurity(
      databaseUrl,
      values['database-url'] === undefined ? 'DATABASE_URL' : '--database-url',
      env,
    ),
  };
}

function connectionSecurity(
  databaseUrl: string,
  urlSetting: string,
  env: NodeJS.ProcessEnv,
): Pick<RelayCliConfig, 'kafkaSecurity' | 'postgresTls'> {
  try {
    return {
      kafkaSecurity: parseKafkaSecurity(env),
      postgresTls: parsePostgresTls(databaseUrl, urlSetting, env),
    };
  } catch (error) {
    if (error instanceof SecurityConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

function positiveInteger(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}
