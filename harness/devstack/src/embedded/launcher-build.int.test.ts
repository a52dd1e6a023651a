import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLauncher } from './launcher-build.js';
import { PrerequisiteError } from './prerequisites.js';

const logger = pino({ level: 'silent' });
const temporaryDirs: string[] = [];

async function temporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function fakeCompiler(output: string): Promise<string> {
  const dir = await temporaryDir('devstack-cc-');
  const path = join(dir, 'cc');
  await writeFile(path, `#!/bin/sh\necho '${output}' >&2\nexit 1\n`);
  await chmod(path, 0o755);
  return path;
}

describe('ensureLauncher', () => {
  it('builds once and reuses the binary', async () => {
    const cacheDir = await temporaryDir('devstack-cache-');
    const binary = await ensureLauncher(logger, { cacheDir });
    expect(binary).toMatch(/kafka-mock-[0-9a-f]{16}$/);
    await expect(ensureLauncher(logger, { cacheDir, compiler: '/nonexistent/cc' })).resolves.toBe(binary);
  });

  it('names the package when there is no compiler', async () => {
    const cacheDir = await temporaryDir('devstack-cache-');
    const failure = ensureLauncher(logger, { cacheDir, compiler: '/nonexistent/cc' });
    await expect(failure).rejects.toBeInstanceOf(PrerequisiteError);
    await expect(failure).rejects.toThrow('install gcc (apt-get install -y gcc)');
  });

  it('names the package when librdkafka headers are missing', async () => {
    const cacheDir = await temporaryDir('devstack-cache-');
    const compiler = await fakeCompiler(
      'kafka-mock.c:21:10: fatal error: librdkafka/rdkafka_mock.h: No such file',
    );
    await expect(ensureLauncher(logger, { cacheDir, compiler })).rejects.toThrow(
      'apt-get install -y librdkafka-dev',
    );
  });

  it('reports other compile failures with the first error line', async () => {
    const cacheDir = await temporaryDir('devstack-cache-');
    const compiler = await fakeCompiler('kafka-mock.c:1:1: error: something else');
    await expect(ensureLauncher(logger, { cacheDir, compiler })).rejects.toThrow(
      'compiling the Kafka mock launcher failed: kafka-mock.c:1:1: error: something else',
    );
  });
});
