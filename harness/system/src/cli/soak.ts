/**
 * pnpm soak — the whole system at a steady rate with a short retention: do the
 * inbox, outbox, dead letter and publication tables stay flat? See the README's
 * "Retention" section.
 */
import { startDevstack } from '@sagaflow/devstack';
import { pino } from 'pino';
import type { System } from '../launcher/launcher.js';
import { parseSoakArgs, SoakUsageError, soakUsage } from '../soak/args.js';
import { runSoak } from '../soak/run.js';
import { signalListeners, stopStackOnSignal } from './shutdown.js';

const say = (line: string) => console.log(line);

async function main(): Promise<number> {
  const args = parseSoakArgs(process.argv.slice(2));
  if (args.help) {
    say(soakUsage);
    return 0;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const before = signalListeners();
  const stack = await startDevstack({ logger });
  let current: System | undefined;
  // The devstack's own listeners would stop Postgres under running services: stop in order instead.
  stopStackOnSignal(stack, () => current, before, say);
  try {
    const report = await runSoak(args, stack, logger, say, (system) => {
      current = system;
    });
    say('');
    say(
      `placed ${report.placed} sagas (${report.refused} refused); by status ${JSON.stringify(report.sagasByStatus)}`,
    );
    say(`steady from t=${report.steadyFromS}s; peak rows/bytes, first → second half of the steady window:`);
    for (const table of report.tables) {
      say(
        `  ${table.flat ? 'flat ' : 'GROWS'} ${table.service}.${table.table}: ${table.firstPeak.rows} → ${table.secondPeak.rows} rows, ` +
          `${Math.round(table.firstPeak.bytes / 1024)} → ${Math.round(table.secondPeak.bytes / 1024)} KiB (max ${table.maxRows} rows, ${Math.round(table.maxBytes / 1024)} KiB)`,
      );
    }
    say(report.flat ? 'every table stays flat' : 'some table keeps growing');
    if (args.json) say(JSON.stringify(report));
    return report.flat ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof SoakUsageError ? `${error.message}\n\n${soakUsage}` : (error as Error).stack,
    );
    process.exit(2);
  },
);
