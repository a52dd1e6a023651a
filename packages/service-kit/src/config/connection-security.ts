import type { ConnectionOptions } from 'node:tls';
import {
  describeKafkaSecurity,
  describePostgresTls,
  kafkaConnectOptions,
  parseKafkaSecurity,
  parsePostgresTls,
  postgresConnectOptions,
  SecurityConfigError,
} from '@sagaflow/outbox';
import type { SASLOptions } from 'kafkajs';
import { ConfigError } from './env.js';

export interface ConnectionSecurity {
  kafka: { ssl?: ConnectionOptions; sasl?: SASLOptions };
  database: { connectionString: string; ssl: ConnectionOptions | false };
  /** What is configured, for the start-up log; never a secret. */
  description: { kafka: string; database: string };
}

/**
 * The Kafka and Postgres connection options of a service's environment, its files
 * read. Every refusal is a ConfigError naming the variables, before anything connects.
 */
export async function readConnectionSecurity(
  env: Readonly<Record<string, unknown>> & { DATABASE_URL: string },
): Promise<ConnectionSecurity> {
  // The schema makes these strings; the parsers take the raw variables, as the relay CLI hands them.
  const variables = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, typeof value === 'string' ? value : undefined]),
  );
  try {
    const kafka = parseKafkaSecurity(variables);
    const database = parsePostgresTls(env.DATABASE_URL, 'DATABASE_URL', variables);
    return {
      kafka: await kafkaConnectOptions(kafka),
      database: await postgresConnectOptions(database),
      description: { kafka: describeKafkaSecurity(kafka), database: describePostgresTls(database) },
    };
  } catch (error) {
    if (error instanceof SecurityConfigError)
      throw new ConfigError(`invalid configuration: ${error.message}`);
    throw error;
  }
}
