import { parseArgs } from 'node:util';
import { type ScenarioName, scenarioNames } from '../scenarios/types.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function integer(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function logLevel(value: string | undefined, fallback: string): string {
  const level = value ?? fallback;
  if (!logLevels.includes(level)) throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}`);
  return level;
}

function strict<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // parseArgs' own errors (unknown flag, missing value) are usage errors too.
    throw new UsageError((error as Error).message);
  }
}

export const demoUsage = `Usage: pnpm demo [--only <scenario>] [--json] [--payment-timeout-ms N] [--log-level L]

Starts the local stack and the order, inventory and payment services as separate
processes, runs the saga scenarios against them and prints each order's timeline.
Exits 0 only if every scenario holds.
  --only <name>           run one scenario: ${scenarioNames.join(', ')}
  --json                  the last line of stdout is a JSON summary
  --payment-timeout-ms N  the order service's payment deadline (default 20000)
  --log-level L           the services' LOG_LEVEL, logs in .tmp/logs/ (default info)`;

export interface DemoArgs {
  help: boolean;
  json: boolean;
  scenarios: ScenarioName[];
  paymentTimeoutMs: number;
  logLevel: string;
}

export function parseDemoArgs(argv: string[], defaultPaymentTimeoutMs: number): DemoArgs {
  return strict(() => {
    const { values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        json: { type: 'boolean', default: false },
        'payment-timeout-ms': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const only = values.only;
    if (only !== undefined && !(scenarioNames as readonly string[]).includes(only)) {
      throw new UsageError(`unknown scenario ${JSON.stringify(only)}; one of ${scenarioNames.join(', ')}`);
    }
    return {
      help: values.help,
      json: values.json,
      scenarios: only === undefined ? [...scenarioNames] : [only as ScenarioName],
      paymentTimeoutMs: integer(
        'payment-timeout-ms',
        values['payment-timeout-ms'],
        defaultPaymentTimeoutMs,
        1_000,
        600_000,
      ),
      logLevel: logLevel(values['log-level'], 'info'),
    };
  });
}

export const startUsage = `Usage: pnpm start [--port N] [--inventory-port N] [--payment-port N] [--log-level L] [--json]

Starts the local stack and the three services as separate processes, with a
signing key of this run; seeds a small catalog and two wallets, prints the URLs,
an operator token and a token per seeded customer, and runs until Ctrl-C.
  --port N            the order service's port (default 3000; 0 picks a free one)
  --inventory-port N  default 3001 (0: free)
  --payment-port N    default 3002 (0: free)
  --log-level L       the services' LOG_LEVEL, logs in .tmp/logs/ (default info)
  --json              once ready, print one JSON line {"urls":{…},"tokens":{"operator":…,"customers":{…}}} and nothing else`;

export interface StartArgs {
  help: boolean;
  json: boolean;
  ports: { order: number; inventory: number; payment: number };
  logLevel: string;
}

export function parseStartArgs(argv: string[]): StartArgs {
  return strict(() => {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'inventory-port': { type: 'string' },
        'payment-port': { type: 'string' },
        'log-level': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return {
      help: values.help,
      json: values.json,
      ports: {
        order: integer('port', values.port, 3000, 0, 65_535),
        inventory: integer('inventory-port', values['inventory-port'], 3001, 0, 65_535),
        payment: integer('payment-port', values['payment-port'], 3002, 0, 65_535),
      },
      logLevel: logLevel(values['log-level'], 'info'),
    };
  });
}
