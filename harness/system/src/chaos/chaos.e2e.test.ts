import { join } from 'node:path';
import { type Devstack, startDevstack } from '@sagaflow/devstack';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../launcher/launcher.js';
import { type ChaosRun, runChaos } from './run.js';

// CI's short chaos round: the full one is `pnpm chaos` (1,000 sagas). It has a stack
// of its own, because it takes the broker down, which no other test file should meet.
let stack: Devstack;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

beforeAll(async () => {
  stack = await startDevstack({ logger });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

/** CI's round: 200 sagas at 10/s, every fault kind, duplicates; only the instances differ. */
function round(instances: number, logDir: string) {
  return runChaos({
    mode: 'outbox',
    sagas: 200,
    ratePerSecond: 10,
    minFaultWindowMs: 40_000,
    killsPerService: 3,
    duplicateFraction: 0.1,
    quietTimeoutMs: 240_000,
    seed: 7,
    stack,
    logger,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    sagaTimeoutMs: 30_000,
    instances,
    logDir: join(repoRoot, '.tmp', 'logs', logDir),
    note: (line) => logger.info(line),
  });
}

function describeRun(run: ChaosRun): string {
  return (
    `${run.confirmed} confirmed, ${run.cancelled} cancelled, ${run.parked} parked in ${run.durationS} s; ` +
    `${run.duplicated} duplicates; faults: ${run.faults.map((f) => `${f.kind}${f.service ? ` ${f.service}` : ''}: ${f.note}`).join('; ')}`
  );
}

function expectBalancedBooks(run: ChaosRun): void {
  expect(run.violations).toEqual([]);
  expect(run.terminal).toBe(200);
  expect(run.quiet.quiet).toBe(true);
  for (const service of ['order', 'inventory', 'payment']) {
    expect(
      run.faults.filter((f) => f.kind !== 'broker-outage' && f.service === service).length,
    ).toBeGreaterThanOrEqual(3);
  }
  expect(run.faults.filter((f) => f.kind === 'broker-outage')).toHaveLength(2);
  // Each injected poison is dead-lettered; the duplicator may have sent one twice, and a
  // poison has no id an inbox could recognise, so its copy is dead-lettered too.
  expect(new Set(run.explainedDeadLetters).size).toBe(6);
  expect(run.duplicated).toBeGreaterThan(0);
}

describe('chaos round', () => {
  it('200 sagas under kills, a relay killed mid-batch, two broker outages and duplicates: the books balance', async ({
    annotate,
  }) => {
    const run = await round(1, 'chaos-e2e');
    await annotate(describeRun(run));
    expectBalancedBooks(run);
  }, 900_000);

  it('the same with two instances of every service on shared databases and topics: the books balance', async ({
    annotate,
  }) => {
    const run = await round(2, 'chaos-e2e-two-instances');
    await annotate(describeRun(run));
    expectBalancedBooks(run);
    // The kills took both instances of each service in turn.
    for (const service of ['order', 'inventory', 'payment']) {
      const notes = run.faults.filter((f) => f.service === service).map((f) => f.note);
      expect(notes.some((note) => note.startsWith('instance 1 of 2'))).toBe(true);
      expect(notes.some((note) => note.startsWith('instance 2 of 2'))).toBe(true);
    }
  }, 900_000);
});
