import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { runnerArgs } from '@sagaflow/testkit';
import type { Logger } from 'pino';
import { openLogFile, tailFile } from './log-file.js';

export interface ServiceProcessOptions {
  name: string;
  /** Working directory of the child: the repository. */
  cwd: string;
  /** Entry module, relative to `cwd`: compiled JavaScript, or TypeScript (run through tsx). */
  entry: string;
  /** Arguments after the entry. */
  args?: readonly string[];
  env: Record<string, string>;
  port: number;
  logFile: string;
  readyTimeoutMs: number;
  logger: Logger;
  /** Node flags before the entry, e.g. --cpu-prof (which NODE_OPTIONS refuses). */
  execArgv?: readonly string[];
}

// Always the compiled lifeline, from src/ as from dist/: plain node must be able to preload it.
const lifeline = new URL('../../dist/launcher/lifeline.js', import.meta.url).pathname;
const readyPollMs = 100;

// Children still running, for the synchronous kill on process exit.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** True while the child has neither exited nor been killed by a signal. */
function running(child: ChildProcess | undefined): boolean {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

export class ServiceStartError extends Error {
  constructor(service: string, reason: string, logFile: string, tail: string) {
    super(
      `${service} service ${reason}; last lines of ${logFile}:\n${tail === '' ? '(log is empty)' : tail}`,
    );
    this.name = 'ServiceStartError';
  }
}

/** One service as an OS process: spawn, readiness, signals, graceful stop. */
export class ServiceProcess {
  readonly url: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: ServiceProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return running(this.child) ? this.child?.pid : undefined;
  }

  get logFile(): string {
    return this.options.logFile;
  }

  /** Spawns the service and resolves once `/ready` answers 200. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    if (running(this.child)) throw new Error(`${this.name} service is already running`);
    const { cwd, entry, env, port, logFile, logger } = this.options;
    const logFd = openLogFile(logFile);
    let child: ChildProcess;
    try {
      const execArgv = this.options.execArgv ?? [];
      const args = this.options.args ?? [];
      const runner = [...execArgv, ...runnerArgs(entry), '--import', lifeline, entry, ...args];
      child = spawn(process.execPath, runner, {
        cwd,
        env: { ...process.env, ...env, PORT: String(port), ...extraEnv },
        // fd 3 is the lifeline: never written to, its EOF tells the child the launcher died.
        stdio: ['ignore', logFd, logFd, 'pipe'],
        // Own process group: a terminal's Ctrl-C reaches the launcher only, which then
        // stops the services in order instead of all processes racing at once.
        detached: true,
      });
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(logFd);
    }
    (child.stdio[3] as Socket | null)?.unref();
    this.child = child;
    live.add(child);
    if (!exitHookInstalled) {
      process.on('exit', killAllOnExit);
      exitHookInstalled = true;
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        logger.debug({ service: this.name, code, signal }, 'service process exited');
        resolve();
      });
      child.once('error', (error) => {
        live.delete(child);
        logger.error({ service: this.name, err: error }, 'could not run service process');
        resolve();
      });
    });
    logger.debug({ service: this.name, pid: child.pid, port }, 'service process spawned');
    await this.waitUntilReady(child);
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const { readyTimeoutMs, logFile } = this.options;
    const deadline = Date.now() + readyTimeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!running(child)) {
        const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
        throw new ServiceStartError(this.name, `exited during start-up (${how})`, logFile, tailFile(logFile));
      }
      try {
        const response = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
        last = `/ready answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        last = `/ready: ${(error as Error).message}`;
      }
      await sleep(readyPollMs);
    }
    await this.stop(2_000);
    throw new ServiceStartError(
      this.name,
      `was not ready within ${readyTimeoutMs} ms (${last})`,
      logFile,
      tailFile(logFile),
    );
  }

  /** Sends a signal; SIGCONT first for a stopped process that must act on it. */
  signal(name: NodeJS.Signals): void {
    const child = this.child;
    if (child === undefined || !running(child)) throw new Error(`${this.name} service is not running`);
    child.kill(name);
  }

  /** Sends `signal` and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined || !running(child)) return;
    child.kill(signal);
    await this.exited;
  }

  /** SIGTERM (after SIGCONT, in case it is paused), then SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (child === undefined || !running(child)) return;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.options.logger.warn({ service: this.name, timeoutMs }, 'service did not stop in time; SIGKILL');
      if (running(child)) child.kill('SIGKILL');
    }, timeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  tail(lines = 30): string {
    return tailFile(this.options.logFile, lines);
  }
}
