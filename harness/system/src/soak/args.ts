import { parseArgs } from 'node:util';

export class SoakUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoakUsageError';
  }
}

export interface SoakArgs {
  help: boolean;
  json: boolean;
  minutes: number;
  /** Sagas placed per second, at a steady pace. */
  rate: number;
  /** Retention of the inbox, publications and handled dead letters: short, so a run reaches the steady state. */
  retentionS: number;
  /** How often the services prune. */
  pruneIntervalS: number;
  /** How often the table sizes are sampled. */
  sampleS: number;
}

export const soakUsage = `Usage: pnpm soak [--minutes N] [--rate N] [--retention-s N] [--prune-interval-s N] [--sample-s N] [--json]

Runs the whole system at a steady rate of sagas with a short retention, samples the
rows and bytes of the inbox, outbox, dead letter and publication tables of every
service, and says whether they stay flat once the retention has passed. Before each
sample it sends a few unreadable records to every consumed topic and, as an
operator would, marks the dead letters they become handled.
Defaults: 10 minutes, 50 sagas/s, retention 60 s, pruning every 10 s, a sample every 15 s.`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new SoakUsageError(`--${name} must be a positive number, got '${text}'`);
  return value;
}

export function parseSoakArgs(argv: readonly string[]): SoakArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
  const options = {
    help: { type: 'boolean' },
    json: { type: 'boolean' },
    minutes: { type: 'string' },
    rate: { type: 'string' },
    'retention-s': { type: 'string' },
    'prune-interval-s': { type: 'string' },
    'sample-s': { type: 'string' },
  } as const;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true });
  } catch (error) {
    throw new SoakUsageError((error as Error).message);
  }
  const { values } = parsed;
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    minutes: positive('minutes', values.minutes, 10),
    rate: positive('rate', values.rate, 50),
    retentionS: Math.ceil(positive('retention-s', values['retention-s'], 60)),
    pruneIntervalS: positive('prune-interval-s', values['prune-interval-s'], 10),
    sampleS: positive('sample-s', values['sample-s'], 15),
  };
}
