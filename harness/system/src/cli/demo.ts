/**
 * pnpm demo — the order saga end to end: the local stack and the three services as
 * separate processes, then one scenario after another (faults included), each
 * judged from real reads of the services' APIs. Exits 0 only if all hold.
 */
import { describeKafka } from '@sagaflow/devstack';
import { pino } from 'pino';
import { defaultDemoPaymentTimeoutMs, sagaTimeoutEnv } from '../launcher/demo-env.js';
import { launchSystem, repoRoot } from '../launcher/launcher.js';
import { formatResult, jsonSummary } from '../report/summary.js';
import { formatTimeline } from '../report/timeline.js';
import { runScenarios } from '../scenarios/run.js';
import type { ScenarioResult } from '../scenarios/types.js';
import { demoUsage, parseDemoArgs, UsageError } from './args.js';
import { signalListeners, stopOnSignal } from './shutdown.js';

const say = (line: string) => console.log(line);

function printResult(result: ScenarioResult): void {
  if (result.view) for (const line of formatTimeline(result.view)) say(`  ${line}`);
  else say('  (no order to show)');
  for (const line of formatResult(result)) say(line);
  say('');
}

async function main(): Promise<number> {
  const args = parseDemoArgs(process.argv.slice(2), defaultDemoPaymentTimeoutMs);
  if (args.help) {
    say(demoUsage);
    return 0;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  say('starting the local stack and the order, inventory and payment services…');
  const startedAt = Date.now();
  const before = signalListeners();
  const system = await launchSystem({
    logger,
    logLevel: args.logLevel,
    databasePrefix: 'sagaflow_demo_',
    env: sagaTimeoutEnv(args.paymentTimeoutMs),
  });
  stopOnSignal(system, before, (signal) => {
    say(`${signal}: stopped`);
    process.exit(130);
  });
  let results: ScenarioResult[];
  try {
    say(
      `ready in ${Date.now() - startedAt} ms (stack: ${system.stack.source}, Kafka ${describeKafka(system.stack.kafka)}); order ${system.urls.order}, ` +
        `inventory ${system.urls.inventory}, payment ${system.urls.payment}; logs in ${repoRoot}.tmp/logs/`,
    );
    say('');
    results = await runScenarios(system, args.scenarios, {
      paymentTimeoutMs: args.paymentTimeoutMs,
      onStart: (scenario) => say(`== ${scenario.name}: ${scenario.summary}`),
      note: (name, line) => say(`  [${name}] ${line}`),
      onResult: printResult,
    });
  } finally {
    await system.stop();
  }
  const passed = results.filter((result) => result.ok).length;
  const summary = { ...jsonSummary(results), kafka: system.stack.kafka };
  say(`${summary.ok ? 'ok' : 'FAILED'}: ${passed}/${results.length} scenarios hold`);
  if (args.json) say(JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof UsageError ? `${error.message}\n\n${demoUsage}` : (error as Error).message,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
