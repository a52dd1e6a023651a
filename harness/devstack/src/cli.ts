#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ensureKafka } from './embedded/apache-kafka/index.js';
import { stackInfoToEnv } from './env.js';
import { startDevstack } from './start.js';
import { describeKafka, plainStackInfo } from './types.js';

const usage = `Usage: sagaflow-devstack [--brokers N] [--mock] [--scram [--tls]] [--json]
       sagaflow-devstack fetch

Starts Postgres and Kafka for local work and prints their settings as shell
exports (or JSON with --json); stops everything on Ctrl-C / SIGTERM. Kafka is
Apache Kafka's own broker wherever Java 17+ runs (fetched from Maven Central on
first use), librdkafka's mock cluster elsewhere.
  --brokers N   Kafka nodes of the embedded stack (default 1; 3 gives replication 3)
  --mock        librdkafka's mock cluster instead of Apache Kafka
  --scram       Apache Kafka whose one client listener requires SASL SCRAM-SHA-256/512, for a
                user "sagaflow" with a random password (printed as KAFKA_SASL_* exports)
  --tls         with --scram: SASL_SSL, certificates from a throwaway CA (KAFKA_TLS_CA_FILE)
  --json        print the StackInfo as one JSON line instead of exports
  fetch         only fetch Apache Kafka into the cache (what setup does), then exit`;

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      brokers: { type: 'string' },
      mock: { type: 'boolean', default: false },
      scram: { type: 'boolean', default: false },
      tls: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  // Logs go to stderr so stdout stays machine-readable.
  const logger = pino({ name: 'devstack', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  if (positionals[0] === 'fetch' && positionals.length === 1) {
    const distribution = await ensureKafka(logger);
    process.stdout.write(`Apache Kafka ${distribution.version} is in ${distribution.libDir}\n`);
    return;
  }
  if (positionals.length > 0) throw new Error(`unknown command ${positionals.join(' ')}\n${usage}`);
  if (values.tls && !values.scram) throw new Error(`--tls goes with --scram\n${usage}`);
  const brokers = values.brokers === undefined ? undefined : Number(values.brokers);
  const stack = await startDevstack({
    logger,
    kafkaBrokerCount: brokers,
    ...(values.mock ? { embeddedKafka: 'librdkafka-mock' as const } : {}),
    ...(values.scram
      ? {
          kafkaScram: {
            username: 'sagaflow',
            password: randomBytes(18).toString('base64url'),
            tls: values.tls,
          },
        }
      : {}),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...plainStackInfo(stack), startupMs: stack.startupMs })}\n`);
  } else {
    const exports = Object.entries(stackInfoToEnv(stack)).map(
      ([name, value]) => `export ${name}=${shellQuote(value)}`,
    );
    process.stdout.write(
      `${exports.join('\n')}\n# ${stack.source} stack with ${describeKafka(stack.kafka)} ready in ${stack.startupMs} ms; Ctrl-C stops it\n`,
    );
  }
  // Keeps the process alive: the stack's own handles are unref'd.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const shutdown = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'devstack: stopping');
    await stack.stop();
    clearInterval(keepAlive);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
