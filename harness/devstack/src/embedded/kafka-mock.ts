import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { type LauncherEndpoints, parseLauncherLine } from './launcher-line.js';
import { waitForExit } from './processes.js';

export interface KafkaMock extends LauncherEndpoints {
  pid: number;
  /** Synchronous best effort for process exit hooks. */
  kill(): void;
  stop(): Promise<void>;
}

const startTimeoutMs = 10_000;

/**
 * Runs the launcher. Its handles are unref'd so a forgotten stop() never keeps
 * the owner alive; the launcher dies with its owner anyway (stdin EOF, PDEATHSIG).
 */
export async function startKafkaMock(
  binary: string,
  brokerCount: number,
  logger: Logger,
): Promise<KafkaMock> {
  const child = spawn(binary, [String(brokerCount)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = logger.child({ component: 'kafka-mock' });
  child.stderr?.on('data', (chunk: Buffer) => log.debug(chunk.toString().trim()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let timer: NodeJS.Timeout | undefined;
  const endpoints = await new Promise<LauncherEndpoints>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error('the Kafka mock launcher did not start in time')),
      startTimeoutMs,
    );
    child.once('error', (error) =>
      reject(new Error(`could not run the Kafka mock launcher: ${error.message}`)),
    );
    child.once('exit', (code, signal) =>
      reject(new Error(`the Kafka mock launcher exited during startup (code ${code}, signal ${signal})`)),
    );
    lines.once('line', (line) => {
      try {
        resolve(parseLauncherLine(line));
      } catch (error) {
        reject(error);
      }
    });
  })
    .catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    })
    .finally(() => clearTimeout(timer));
  lines.on('line', (line) => log.debug(line));
  unref(child);
  const pid = child.pid as number;
  let stopping: Promise<void> | undefined;
  child.on('exit', (code, signal) => {
    if (!stopping) log.warn({ code, signal }, 'the Kafka mock launcher exited unexpectedly');
  });
  return {
    ...endpoints,
    pid,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.stdin?.end();
        if (!(await waitForExit(pid, 2_000))) child.kill('SIGKILL');
      })();
      return stopping;
    },
  };
}

function unref(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket | null)?.unref?.();
}
