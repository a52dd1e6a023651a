/**
 * Restart-to-ready of a SIGKILLed service: from the respawn to the first 200 of
 * `/ready`. The consumer group's rebalance is left out: the respawn waits until the
 * broker has dropped the dead member (its session timeout, `--settle-ms`), else
 * joining the group would wait that session out and dominate the figure.
 *
 *   pnpm bench:service-restart [--rounds N] [--settle-ms MS] [--json]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { defaultGroupTiming } from '@sagaflow/outbox';
import { pino } from 'pino';
import { launchSystem } from '../launcher/launcher.js';
import { serviceNames } from '../launcher/types.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'settle-ms': { type: 'string', default: String(defaultGroupTiming.sessionTimeoutMs + 2_000) },
    json: { type: 'boolean' },
  },
});
const settleMs = Number(values['settle-ms']);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a positive integer, not ${values.rounds}`);

const system = await launchSystem({
  logger: pino({ level: 'warn' }, pino.destination(2)),
  logLevel: process.env.LOG_LEVEL ?? 'warn',
});
const results: Record<string, number[]> = {};
try {
  for (const name of serviceNames) {
    results[name] = [];
    for (let round = 0; round < rounds; round++) {
      await system.kill(name, 'SIGKILL');
      await sleep(settleMs);
      const started = performance.now();
      await system.service(name).start();
      results[name].push(Math.round(performance.now() - started));
    }
  }
} finally {
  await system.stop();
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
for (const [name, times] of Object.entries(results)) {
  const line = { service: name, rounds, medianMs: median(times), maxMs: Math.max(...times), timesMs: times };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(line)}\n`
      : `${name}: median ${line.medianMs} ms, max ${line.maxMs} ms (${times.join(', ')})\n`,
  );
}
