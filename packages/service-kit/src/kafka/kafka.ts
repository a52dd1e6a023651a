import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaLogCreator } from '../observability/logger.js';

export function createKafka(options: {
  clientId: string;
  brokers: string[];
  logger: Logger;
  /** From readConnectionSecurity: TLS and SASL, when the brokers require them. */
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
}): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    ...(options.sasl === undefined ? {} : { sasl: options.sasl }),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(options.logger),
    // A broker outage is waited out by the relay's own backoff, not by kafkajs giving up.
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
}
