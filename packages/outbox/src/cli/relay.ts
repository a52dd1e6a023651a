#!/usr/bin/env node
import { Kafka, logLevel as kafkaLogLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';
import { kafkajsLogCreator } from '../relay/kafkajs-logger.js';
import { createRelayProducer, Relay } from '../relay/relay.js';
import { kafkaConnectOptions, postgresConnectOptions } from '../security/connect-options.js';
import { SecurityConfigError } from '../security/env-settings.js';
import { describeKafkaSecurity } from '../security/kafka-security.js';
import { describePostgresTls } from '../security/postgres-tls.js';
import { ConfigError, readRelayConfig, relayUsage } from './relay-config.js';

async function main(): Promise<void> {
  const config = readRelayConfig(process.argv.slice(2), process.env);
  if (config === 'help') {
    process.stdout.write(`${relayUsage}\n`);
    return;
  }
  const logger = pino({ name: 'relay', level: config.logLevel });
  const database = await postgresConnectOptions(config.postgresTls);
  const kafkaSecurity = await kafkaConnectOptions(config.kafkaSecurity);
  logger.info(
    {
      kafka: describeKafkaSecurity(config.kafkaSecurity),
      database: describePostgresTls(config.postgresTls),
    },
    'connection security',
  );
  const pool = new pg.Pool({ ...database, max: 4 });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ...kafkaSecurity,
    logLevel: kafkaLogLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
  });
  const relay = new Relay({
    pool,
    producer: createRelayProducer(kafka),
    logger,
    batchSize: config.batchSize,
    pollIntervalMs: config.pollIntervalMs,
    maxAttempts: config.maxAttempts,
  });
  await relay.start();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('stopping: finishing the batch in flight');
  await relay.stop();
  await pool.end();
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof SecurityConfigError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`sagaflow-relay: ${(error as Error).message}\n\n${relayUsage}`);
    process.exit(2);
  }
  console.error('sagaflow-relay failed:', error);
  process.exit(1);
});
