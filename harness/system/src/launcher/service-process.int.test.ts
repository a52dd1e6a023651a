import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@sagaflow/testkit';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './launcher.js';
import { ServiceProcess, ServiceStartError } from './service-process.js';

const fixture = new URL('./fixtures/ready-server.fixture.ts', import.meta.url).pathname;
const logDir = mkdtempSync(join(tmpdir(), 'sagaflow-launcher-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function fixtureService(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  return new ServiceProcess({
    name,
    cwd: repoRoot,
    entry: fixture,
    env,
    port: await freePort(),
    logFile: join(logDir, `${name}.log`),
    readyTimeoutMs: 20_000,
    logger: pino({ level: 'silent' }),
  });
}

async function readyPid(service: ServiceProcess): Promise<number> {
  const response = await fetch(`${service.url}/ready`);
  return ((await response.json()) as { pid: number }).pid;
}

describe('ServiceProcess', () => {
  it('starts a service, logs to its file, and restarts it on the same port after SIGKILL', async () => {
    const service = await fixtureService('restartable');
    await service.start();
    const first = await readyPid(service);
    expect(first).toBe(service.pid);
    await service.kill('SIGKILL');
    expect(service.pid).toBeUndefined();
    await expect(fetch(`${service.url}/ready`)).rejects.toThrow();
    await service.start();
    const second = await readyPid(service);
    expect(second).not.toBe(first);
    await service.stop();
    const log = readFileSync(service.logFile, 'utf8');
    expect(log.match(/fixture started/g)).toHaveLength(2);
    // SIGTERM reached the second process, which shut down on its own.
    expect(log).toContain('fixture stopping');
  });

  it('pauses and resumes: a SIGSTOPped service does not answer', async () => {
    const service = await fixtureService('pausable');
    await service.start();
    service.signal('SIGSTOP');
    await expect(fetch(`${service.url}/ready`, { signal: AbortSignal.timeout(500) })).rejects.toThrow();
    service.signal('SIGCONT');
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    // stop() also ends a paused service: it sends SIGCONT before SIGTERM.
    service.signal('SIGSTOP');
    await service.stop(5_000);
    expect(service.pid).toBeUndefined();
  });

  it('fails a start that exits with an error naming the service and showing its log', async () => {
    const service = await fixtureService('broken', { FIXTURE_FAIL: 'no database' });
    const failure = service.start();
    await expect(failure).rejects.toBeInstanceOf(ServiceStartError);
    await expect(failure).rejects.toThrow(
      /broken service exited during start-up \(code 3\)[\s\S]*no database/,
    );
  });

  it('ends the service when its launcher is SIGKILLed', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./fixtures/orphan-parent.fixture.ts', import.meta.url).pathname],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          FIXTURE_PORT: String(await freePort()),
          FIXTURE_LOG: join(logDir, 'orphan.log'),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = await createInterface({ input: parent.stdout as NodeJS.ReadableStream })
      [Symbol.asyncIterator]()
      .next()
      .then((result) => [result.value as string]);
    const childPid = Number(line);
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(childPid)).toBe(false);
  });
});
