/**
 * pnpm bench — saga throughput and latency of the whole system on this machine,
 * with the outbox and with the dual-write baseline: a closed loop, then open-loop
 * steps at fixed arrival rates. See docs/benchmarks.md for the definitions.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { type Devstack, describeKafka, startDevstack } from '@sagaflow/devstack';
import { pino } from 'pino';
import { benchUsage, parseBenchArgs, UsageError } from '../bench/args.js';
import { CpuSampler } from '../bench/cpu.js';
import { benchJson, formatHeadline, formatMode, hopLegend } from '../bench/report.js';
import { type ModeResult, runMode } from '../bench/run.js';
import type { System } from '../launcher/launcher.js';
import { signalListeners, stopStackOnSignal } from './shutdown.js';

const say = (line: string) => console.log(line);

function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    say(benchUsage);
    return 0;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const host = machine();
  say(
    `machine: ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}; load average ${(host.loadAverageAtStart as number[]).join(' ')}`,
  );
  say('starting the local stack (Postgres, Kafka)…');
  const before = signalListeners();
  // pg_stat_statements gives the statements per saga; only this bench pays for it.
  const stack: Devstack = await startDevstack({
    logger,
    kafkaBrokerCount: args.brokers,
    statementStats: true,
  });
  say(`stack: ${stack.source}, Kafka ${describeKafka(stack.kafka)}, ready in ${stack.startupMs} ms`);
  let current: System | undefined;
  // The devstack's own listeners would stop Postgres under running services: stop in order instead.
  stopStackOnSignal(stack, () => current, before, say);
  const results: ModeResult[] = [];
  try {
    for (const mode of args.modes) {
      results.push(
        await runMode(mode, {
          stack,
          args,
          logger,
          say,
          onSystem: (system) => {
            current = system;
          },
        }),
      );
    }
  } finally {
    CpuSampler.release();
    await stack.stop();
  }
  const settings = {
    durationS: args.durationS,
    rates: args.rates,
    closedConcurrency: args.closedConcurrency,
    warmupS: args.warmupS,
    catalogSize: args.catalogSize,
    brokers: args.brokers,
    env: args.env,
    stack: stack.source,
    kafka: stack.kafka,
  };
  const json = benchJson(results, host, settings);
  say('');
  for (const result of results) {
    for (const line of formatMode(result)) say(line);
    say('');
  }
  say('hops:');
  for (const line of hopLegend) say(line);
  say('');
  for (const line of formatHeadline(json, json.targetsMet)) say(line);
  if (args.json) say(JSON.stringify(json));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${benchUsage}` : (error as Error).stack);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
