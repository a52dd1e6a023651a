#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { stackInfoToEnv } from './env.js';
import { startDevstack } from './start.js';
import { plainStackInfo } from './types.js';

const usage = `Usage: sagaflow-devstack [--brokers N] [--json]

Starts Postgres and Kafka for local work and prints their settings as shell
exports (or JSON with --json); stops everything on Ctrl-C / SIGTERM.
  --brokers N   Kafka mock brokers for the embedded stack (default 3)
  --json        print the StackInfo as one JSON line instead of exports`;

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const brokers = values.brokers === undefined ? undefined : Number(values.brokers);
  // Logs go to stderr so stdout stays machine-readable.
  const logger = pino({ name: 'devstack', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const stack = await startDevstack({ logger, kafkaBrokerCount: brokers });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...plainStackInfo(stack), startupMs: stack.startupMs })}\n`);
  } else {
    const exports = Object.entries(stackInfoToEnv(stack)).map(
      ([name, value]) => `export ${name}=${shellQuote(value)}`,
    );
    process.stdout.write(
      `${exports.join('\n')}\n# ${stack.source} stack ready in ${stack.startupMs} ms; Ctrl-C stops it\n`,
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
