import { partitionsPerTopic } from '@sagaflow/contracts';
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { envSchema } from 'env-schema';
import { authEnvProperties } from '../auth/settings.js';
import { logLevels } from '../observability/logger.js';
import { connectionSecurityEnvProperties } from './connection-security-env.js';
import { ConfigError } from './errors.js';

export const LogLevel = Type.Union(
  logLevels.map((level) => Type.Literal(level)),
  { default: 'info', description: 'pino level of the service’s log lines' },
);

/** Settings every sagaflow service reads; a service adds its own with `serviceEnv`. */
export const commonEnvProperties = {
  DATABASE_URL: Type.String({
    minLength: 1,
    pattern: '^postgres(ql)?://',
    description: 'The service’s own database',
  }),
  KAFKA_BROKERS: Type.String({ minLength: 1, description: 'Comma-separated host:port list' }),
  HOST: Type.String({ default: '127.0.0.1', description: 'Address the HTTP server listens on' }),
  PORT: Type.Integer({
    minimum: 0,
    maximum: 65_535,
    default: 0,
    description: 'HTTP port; 0 picks a free one',
  }),
  METRICS_PORT: Type.Integer({
    minimum: 0,
    maximum: 65_535,
    default: 0,
    description: 'Port of a server of its own for GET /metrics; 0 serves /metrics on PORT',
  }),
  LOG_LEVEL: LogLevel,
  SHUTDOWN_TIMEOUT_MS: Type.Integer({
    minimum: 0,
    default: 10_000,
    description: 'How long a stop waits for the outbox to drain before it leaves the rest to the next start',
  }),
  KAFKA_MAX_WAIT_MS: Type.Integer({
    minimum: 10,
    maximum: 10_000,
    default: 500,
    description: 'How long a consumer’s fetch waits for data; also bounds how fast it can stop',
  }),
  /**
   * Partitions of a topic one consumer process handles at once. The default is the
   * partition count (partitionsPerTopic): one process then never leaves a partition
   * waiting behind another's transaction (measured with a transaction per message:
   * 61 instead of 47 sagas/s, p99 at 50/s 260 instead of 950 ms). It must stay
   * below the pool's 20 connections.
   */
  KAFKA_PARTITIONS_CONCURRENTLY: Type.Integer({
    minimum: 1,
    maximum: 16,
    default: partitionsPerTopic,
    description:
      'Partitions of a topic one consumer process handles at once; below the pool’s 20 connections',
  }),
  KAFKA_TOPIC_PREFIX: Type.String({
    default: '',
    pattern: '^[A-Za-z0-9._-]*$',
    description: 'Prepended to topic and consumer-group names: isolates deployments sharing one cluster',
  }),
  MIGRATE_ON_START: Type.Boolean({
    default: true,
    description: 'Apply the service’s and the outbox’s migrations before starting',
  }),
  KAFKA_MAX_MESSAGE_BYTES: Type.Integer({
    minimum: 1024,
    maximum: 100 * 1024 * 1024,
    default: 1024 * 1024,
    description: 'A consumed record larger than this (key, value and headers) is dead-lettered unread',
  }),
  RATE_LIMIT_MAX: Type.Integer({
    minimum: 0,
    default: 2000,
    description: 'Requests one client address may make per window; 0 turns rate limiting off',
  }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1, default: 1000, description: 'The rate limit’s window' }),
  /**
   * Kafka redelivers a message as long as the topic holds it (retention.ms, 7 days by
   * default): a consumer restarting from an older committed offset, or one whose group
   * offsets expired and that starts from the earliest. The inbox must remember ids longer.
   */
  INBOX_RETENTION_SECONDS: Type.Integer({
    minimum: 1,
    default: 14 * 86_400,
    description:
      'How long the inbox remembers a handled message id (14 days); keep it above the topics’ retention.ms',
  }),
  DEAD_LETTER_RETENTION_SECONDS: Type.Integer({
    minimum: 1,
    default: 30 * 86_400,
    description:
      'How long a handled (resolved, replayed or discarded) dead letter is kept (30 days); unhandled ones stay',
  }),
  PUBLICATION_RETENTION_SECONDS: Type.Integer({
    minimum: 1,
    default: 30 * 86_400,
    description:
      'How long a published message is remembered in outbox_published, with when the broker acked it (30 days): the order timeline and GET /messages read it',
  }),
  RETENTION_INTERVAL_MS: Type.Integer({
    minimum: 0,
    default: 60_000,
    description:
      'How often old inbox rows, published messages and handled dead letters are pruned; 0 turns pruning off',
  }),
  RETENTION_BATCH_ROWS: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 1_000,
    description: 'Rows deleted per pruning transaction',
  }),
  ...connectionSecurityEnvProperties,
  ...authEnvProperties,
};

export function serviceEnv<TExtra extends TProperties>(extra: TExtra) {
  return Type.Object({ ...commonEnvProperties, ...extra });
}

export type CommonEnv = Static<ReturnType<typeof serviceEnv<Record<never, never>>>>;

export { ConfigError } from './errors.js';

/**
 * Reads and validates configuration from the environment, with defaults and type
 * coercion. A missing or malformed variable fails start-up with a message that
 * names it, before anything connects anywhere.
 */
export function loadEnv<TSchema extends TObject>(
  schema: TSchema,
  env: Record<string, string | undefined> = process.env,
): Static<TSchema> {
  try {
    return envSchema<Static<TSchema>>({ schema, data: env, dotenv: false });
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${(error as Error).message}`);
  }
}

export function brokerList(brokers: string): string[] {
  return brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}
