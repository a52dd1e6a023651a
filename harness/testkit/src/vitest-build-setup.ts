import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const consoleDir = `${repoRoot}packages/console/`;
// vite's package exports no bin path; the console's own node_modules link is where pnpm put it.
const vite = `${consoleDir}node_modules/vite/bin/vite.js`;
// Every int/e2e project lists this setup; vitest runs them one after another in one process.
const built = Symbol.for('sagaflow.vitest-build');

type WithBuild = typeof globalThis & { [built]?: Promise<void> };

/**
 * The incremental build (`tsc -b`) before integration tests: they spawn services and
 * CLIs from dist, and a stale dist would test yesterday's code. Then the console's
 * bundle (`vite build`), which the order service serves to the browser tests. A
 * second project in the same run reuses the first one's build.
 */
export default async function setup(): Promise<void> {
  const state = globalThis as WithBuild;
  state[built] ??= build();
  await state[built];
}

async function build(): Promise<void> {
  await run([tsc, '-b', 'tsconfig.build.json'], repoRoot, 'pnpm build');
  await run([vite, 'build', '--logLevel', 'warn'], consoleDir, 'the console build (vite build)');
}

async function run(args: string[], cwd: string, what: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${what} failed; integration tests would spawn stale dist:\n${stdout}${stderr}`);
  }
}
