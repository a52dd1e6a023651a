import { parseArgs } from 'node:util';
import { type MessagingMode, messagingModes } from '../launcher/types.js';

export { type MessagingMode, messagingModes };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface BenchArgs {
  help: boolean;
  json: boolean;
  /** Length of the closed-loop phase and of each open-loop step. */
  durationS: number;
  /** Offered open-loop rates in sagas/s, ascending. */
  rates: number[];
  closedConcurrency: number;
  modes: MessagingMode[];
  /** Load offered before the first measured phase of a mode, not measured: JIT, pools, caches. */
  warmupS: number;
  /** Kafka nodes of the embedded stack (the devstack's default is 1). */
  brokers: number;
  /** Products and wallets seeded; each saga picks one of each, round robin. */
  catalogSize: number;
  logLevel: string;
  /** Extra env for every service (KEY=VALUE), e.g. KAFKA_PARTITIONS_CONCURRENTLY=12. */
  env: Record<string, string>;
  /** Writes a V8 CPU profile of each service into this directory (on their clean exit). */
  cpuProfDir: string | undefined;
}

export const benchUsage = `Usage: pnpm bench [--json] [--quick] [--duration-s N] [--rates A,B,…] [--closed-concurrency N]
                  [--mode outbox|dual-write|both] [--warmup-s N]
                  [--catalog N] [--brokers N] [--env KEY=VALUE]… [--cpu-prof DIR] [--log-level L]

Saga throughput and latency of the whole system (three services, Postgres, Kafka on
this machine), once per messaging mode: a closed loop, then open-loop steps at fixed
arrival rates. Prints a table per mode; with --json the last line is one JSON object.
Kafka is the devstack's: Apache Kafka where Java runs; SAGAFLOW_DEVSTACK_KAFKA=librdkafka-mock
runs the mock instead (which needs --env KAFKA_MAX_WAIT_MS=20: it does not long-poll).
  --json                    last line of stdout: the figures as one JSON object
  --quick                   smoke run: 5 s phases, rates 50,100, 2 s warm-up, 16 clients
  --duration-s N            seconds of the closed loop and of each open-loop step (default 30)
  --rates A,B,…             open-loop arrival rates in sagas/s (default 25,50,75,100,250,500,1000;
                            the steps below 100 find the sustained rate on a small machine)
  --closed-concurrency N    clients of the closed loop, each waits for its saga's end (default 64)
  --mode M                  outbox, dual-write or both (default both)
  --warmup-s N              unmeasured load before each mode's first phase (default 5)
  --catalog N               products and wallets seeded, used round robin (default 500)
  --brokers N               Kafka nodes of the embedded stack (default 1, as the devstack)
  --env KEY=VALUE           extra env for every service; repeatable
  --cpu-prof DIR            V8 CPU profile of each service, written to DIR when it stops
  --log-level L             the services' LOG_LEVEL, logs in .tmp/logs/ (default warn)`;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(flag: string, value: string | undefined, fallback: number, min: number, max: number) {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function rateList(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const rates = value.split(',').map((part) => Number(part.trim()));
  if (rates.length === 0 || rates.some((rate) => !Number.isInteger(rate) || rate < 1 || rate > 100_000)) {
    throw new UsageError(`--rates must be integers from 1 to 100000 separated by commas, got ${value}`);
  }
  return [...new Set(rates)].sort((a, b) => a - b);
}

function modeList(value: string | undefined): MessagingMode[] {
  if (value === undefined || value === 'both') return [...messagingModes];
  if ((messagingModes as readonly string[]).includes(value)) return [value as MessagingMode];
  throw new UsageError(`--mode must be outbox, dual-write or both, got ${JSON.stringify(value)}`);
}

function envPairs(values: string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of values ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!match) throw new UsageError(`--env takes KEY=VALUE, got ${JSON.stringify(pair)}`);
    env[match[1] as string] = match[2] as string;
  }
  return env;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    // parseArgs' own errors (unknown flag, missing value) are usage errors too.
    throw new UsageError((error as Error).message);
  }
  const quick = values.quick;
  const logLevel = values['log-level'] ?? 'warn';
  if (!logLevels.includes(logLevel))
    throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}`);
  return {
    help: values.help,
    json: values.json,
    durationS: integer('duration-s', values['duration-s'], quick ? 5 : 30, 1, 3_600),
    rates: rateList(values.rates, quick ? [50, 100] : [25, 50, 75, 100, 250, 500, 1000]),
    closedConcurrency: integer('closed-concurrency', values['closed-concurrency'], quick ? 16 : 64, 1, 4_096),
    modes: modeList(values.mode),
    warmupS: integer('warmup-s', values['warmup-s'], quick ? 2 : 5, 0, 600),
    catalogSize: integer('catalog', values.catalog, quick ? 50 : 500, 1, 100_000),
    brokers: integer('brokers', values.brokers, 1, 1, 9),
    logLevel,
    env: envPairs(values.env),
    cpuProfDir: values['cpu-prof'],
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'duration-s': { type: 'string' },
      rates: { type: 'string' },
      'closed-concurrency': { type: 'string' },
      mode: { type: 'string' },
      'warmup-s': { type: 'string' },
      catalog: { type: 'string' },
      brokers: { type: 'string' },
      env: { type: 'string', multiple: true },
      'cpu-prof': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
