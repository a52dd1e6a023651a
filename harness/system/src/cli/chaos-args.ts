import { parseArgs } from 'node:util';
import { integer, UsageError } from './args.js';

export interface ChaosArgs {
  help: boolean;
  json: boolean;
  mode: 'outbox' | 'dual-write' | 'both';
  sagas: number;
  rate: number;
  seed: number;
  minFaultWindowS: number;
  logLevel: string;
  brokers: number;
  instances: number;
}

export const chaosUsage = `usage: pnpm chaos [--sagas N] [--rate N] [--mode outbox|dual-write|both] [--seed N] [--brokers 1|3]
                  [--instances N] [--json]

Submits N sagas (70% happy, 15% out of stock, 15% insufficient funds) over HTTP at a
steady rate while it SIGKILLs and restarts every service (3 times each), kills the
order relay in the middle of a batch, takes every broker down twice for 3–5 s (a
SIGKILL, then a restart on the same data), on a cluster also kills single brokers,
and delivers some records twice; then waits for quiet and audits the books.

  --sagas N              sagas to submit (default 1000)
  --rate N               sagas per second (default 20)
  --mode M               outbox (default), dual-write (the baseline without an outbox),
                         or both: the same load and faults on each, side by side
  --seed N               the seed of the saga mix and the fault plan (default 1)
  --min-fault-window-s N faults spread over the submission time, at least this (default 40)
  --brokers N            Kafka nodes of the local stack (default 1); with 3 or more (replication
                         3, two in sync), two more faults SIGKILL a single broker for 5–10 s
  --instances N          processes of every service, sharing its database and consumer group
                         (default 1); kills take them in turn, POSTs alternate between them
  --json                 the last line is the result as JSON
  --log-level L          the services' log level (default info; logs in .tmp/logs/chaos-<mode>)

Exit status: 0 when the audited run (outbox, or dual-write alone) has no violation.`;

export function parseChaosArgs(argv: readonly string[]): ChaosArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        mode: { type: 'string' },
        sagas: { type: 'string' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        'min-fault-window-s': { type: 'string' },
        'log-level': { type: 'string' },
        brokers: { type: 'string' },
        instances: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const mode = (values.mode as string | undefined) ?? 'outbox';
  if (mode !== 'outbox' && mode !== 'dual-write' && mode !== 'both') {
    throw new UsageError(`--mode must be outbox, dual-write or both, got ${JSON.stringify(mode)}`);
  }
  return {
    help: values.help === true,
    json: values.json === true,
    mode,
    sagas: integer('sagas', values.sagas as string | undefined, 1000, 1, 100_000),
    rate: integer('rate', values.rate as string | undefined, 20, 1, 1000),
    seed: integer('seed', values.seed as string | undefined, 1, 0, 2 ** 31 - 1),
    minFaultWindowS: integer(
      'min-fault-window-s',
      values['min-fault-window-s'] as string | undefined,
      40,
      10,
      3600,
    ),
    logLevel: (values['log-level'] as string | undefined) ?? 'info',
    brokers: integer('brokers', values.brokers as string | undefined, 1, 1, 9),
    instances: integer('instances', values.instances as string | undefined, 1, 1, 4),
  };
}
