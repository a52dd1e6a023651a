import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { SOURCE_ENV, startDevstack } from '../start.js';
import { EMBEDDED_KAFKA_ENV } from './kafka.js';
import { isAlive, waitForExit } from './processes.js';
import { type RunOwner, runsRoot } from './runs.js';

const stack = inject('devstack');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./orphan-child.fixture.ts', import.meta.url));
const stackVariables = ['SAGAFLOW_STACK', 'DATABASE_URL', 'KAFKA_BROKERS', SOURCE_ENV, EMBEDDED_KAFKA_ENV];

async function runOf(ownerPid: number): Promise<{ dir: string; owner: RunOwner }> {
  for (const entry of await readdir(runsRoot())) {
    const dir = join(runsRoot(), entry);
    const owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8').catch(() => '{}')) as RunOwner;
    if (owner.ownerPid === ownerPid) return { dir, owner };
  }
  throw new Error(`no devstack run owned by ${ownerPid}`);
}

/** An embedded stack in a child process that is then SIGKILLed: no cleanup runs there. */
async function orphanedRun(kafka: string): Promise<{ dir: string; owner: RunOwner }> {
  const env: NodeJS.ProcessEnv = { ...process.env, [SOURCE_ENV]: 'embedded', [EMBEDDED_KAFKA_ENV]: kafka };
  for (const name of stackVariables.slice(0, 3)) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await Promise.race([
    new Promise<string[]>((resolve) =>
      createInterface({ input: child.stdout }).once('line', (l) => resolve([l])),
    ),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`child exited ${code}`))),
    ),
  ]);
  expect(JSON.parse(line ?? '{}')).toMatchObject({ source: 'embedded' });
  const run = await runOf(child.pid as number);
  child.kill('SIGKILL');
  await waitForExit(child.pid as number, 5_000);
  return run;
}

describe.skipIf(stack.source !== 'embedded')('orphan sweep', () => {
  const saved = new Map<string, string | undefined>();

  beforeEach(() => {
    for (const name of stackVariables) saved.set(name, process.env[name]);
    for (const name of stackVariables) delete process.env[name];
    process.env[SOURCE_ENV] = 'embedded';
  });

  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('stops the postgres of a SIGKILLed owner at the next start; its Kafka JVM dies by itself', async () => {
    const { dir, owner } = await orphanedRun('apache-kafka');
    const postgresPid = owner.postgresPid as number;
    expect(postgresPid).toBeGreaterThan(0);
    expect(owner.kafkaPids?.length).toBe(1);
    for (const pid of owner.kafkaPids ?? []) expect(await waitForExit(pid, 5_000)).toBe(true);
    expect(isAlive(postgresPid)).toBe(true);
    expect(existsSync(join(dir, 'kafka', 'node-1', 'data'))).toBe(true);

    const next = await startDevstack({ logger: pino({ level: 'silent' }), embeddedKafka: 'apache-kafka' });
    try {
      expect(isAlive(postgresPid)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    } finally {
      await next.stop();
    }
  });

  it('kills a Kafka node of a dead owner that outlived it, found by its command line', async () => {
    const { dir } = await orphanedRun('apache-kafka');
    // Stands in for a JVM started where no setpriv could tie it to its owner.
    const survivor: ChildProcess = spawn(
      'sh',
      ['-c', 'sleep 600', join(dir, 'kafka', 'node-1', 'server.properties')],
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    expect(isAlive(survivor.pid as number)).toBe(true);
    const next = await startDevstack({ logger: pino({ level: 'silent' }), embeddedKafka: 'librdkafka-mock' });
    try {
      expect(await waitForExit(survivor.pid as number, 5_000)).toBe(true);
      expect(existsSync(dir)).toBe(false);
    } finally {
      await next.stop();
    }
  });

  it('leaves nothing of a SIGKILLed owner of the mock either', async () => {
    const { dir, owner } = await orphanedRun('librdkafka-mock');
    expect(await waitForExit(owner.launcherPid as number, 5_000)).toBe(true);
    const next = await startDevstack({ logger: pino({ level: 'silent' }), embeddedKafka: 'librdkafka-mock' });
    try {
      expect(isAlive(owner.postgresPid as number)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    } finally {
      await next.stop();
    }
  });
});
