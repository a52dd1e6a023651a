/**
 * pnpm chaos — sagas over HTTP while every moving part is killed, then an audit of
 * the books. See `pnpm chaos --help`.
 */
import { describeKafka, startDevstack } from '@sagaflow/devstack';
import { pino } from 'pino';
import { formatRun, formatSideBySide, runSummary } from '../chaos/report.js';
import { type ChaosRun, type MessagingMode, runChaos } from '../chaos/run.js';
import { UsageError } from './args.js';
import { chaosUsage, parseChaosArgs } from './chaos-args.js';

const say = (line: string) => console.log(line);

async function main(): Promise<number> {
  const args = parseChaosArgs(process.argv.slice(2));
  if (args.help) {
    say(chaosUsage);
    return 0;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const stack = await startDevstack({ logger, kafkaBrokerCount: args.brokers });
  say(`stack: ${stack.source}, Kafka ${describeKafka(stack.kafka)}, ready in ${stack.startupMs} ms`);
  const modes: MessagingMode[] = args.mode === 'both' ? ['outbox', 'dual-write'] : [args.mode];
  const runs: ChaosRun[] = [];
  try {
    for (const mode of modes) {
      const run = await runChaos({
        mode,
        sagas: args.sagas,
        ratePerSecond: args.rate,
        minFaultWindowMs: args.minFaultWindowS * 1000,
        killsPerService: 3,
        duplicateFraction: 0.1,
        quietTimeoutMs: 240_000,
        seed: args.seed,
        stack,
        logger,
        logLevel: args.logLevel,
        sagaTimeoutMs: 30_000,
        brokerKills: stack.kafka.brokers >= 3 ? 2 : 0,
        instances: args.instances,
        note: (line) => say(line),
      });
      for (const line of formatRun(run)) say(line);
      runs.push(run);
    }
  } finally {
    await stack.stop();
  }
  const [first, second] = runs as [ChaosRun, ChaosRun | undefined];
  if (second) {
    say('');
    for (const line of formatSideBySide(first, second)) say(line);
    say(
      second.violations.length > 0
        ? `dual-write broke the books under the same faults (${second.violations.length} violations); the outbox ${first.violations.length === 0 ? 'kept them' : 'did NOT keep them'}`
        : 'dual-write happened to survive these faults; try more sagas or another --seed',
    );
  }
  if (args.json) {
    say(
      JSON.stringify(
        second
          ? { mode: 'both', outbox: runSummary(first), dualWrite: runSummary(second) }
          : runSummary(first),
      ),
    );
  }
  return first.violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${chaosUsage}` : (error as Error).stack);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
