import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

// Helpers over OS processes by pid. On Linux they read /proc, which also lets them
// tell a zombie (dead, not yet reaped by its parent) from a live process.

function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStat(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

/** Kernel start time of the process, to tell it from a later one that reused its pid. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    try {
      return (
        execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined
      );
    } catch {
      return undefined;
    }
  }
}

/** Live processes whose command line contains `text` (Linux: read from /proc; elsewhere none). */
export function processesMentioning(text: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return entries
    .map(Number)
    .filter((pid) => pid !== process.pid && isAlive(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text);
      } catch {
        return false;
      }
    });
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** For process 'exit' hooks, where nothing asynchronous runs any more. */
export function waitForExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    Atomics.wait(pause, 0, 0, 20);
  }
  return true;
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** SIGQUIT (postgres: immediate shutdown), then SIGKILL if it lingers. */
export async function terminate(pid: number, graceMs = 3_000): Promise<boolean> {
  if (!isAlive(pid)) return true;
  signal(pid, 'SIGQUIT');
  if (await waitForExit(pid, graceMs)) return true;
  signal(pid, 'SIGKILL');
  return waitForExit(pid, 2_000);
}

/** Keeps the event loop alive while awaiting work on unref'd child processes. */
export async function holdingLoop<T>(work: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => undefined, 1_000);
  try {
    return await work();
  } finally {
    clearInterval(hold);
  }
}

export interface ExitResult {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** The command itself was not found (ENOENT). */
  notFound: boolean;
}

/** Runs a command to its end and collects what it printed; never rejects. */
export function runToExit(command: string, args: readonly string[]): Promise<ExitResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: null, output: error.message, notFound: error.code === 'ENOENT' }),
    );
    child.on('close', (code) => resolve({ code, output, notFound: false }));
  });
}
