import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Every int/e2e project lists this setup; vitest runs them one after another in one process.
const built = Symbol.for('sagaflow.vitest-build');

type WithBuild = typeof globalThis & { [built]?: Promise<void> };

/**
 * The incremental build (`tsc -b`) before integration tests: they spawn services and
 * CLIs from dist, and a stale dist would test yesterday's code. A second project in
 * the same run reuses the first one's build.
 */
export default async function setup(): Promise<void> {
  const state = globalThis as WithBuild;
  state[built] ??= build();
  await state[built];
}

async function build(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '' } = error as { stdout?: string };
    throw new Error(`pnpm build failed; integration tests would spawn stale dist:\n${stdout}`);
  }
}
