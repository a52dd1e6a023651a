import { join } from 'node:path';
import type { ServiceName } from '../launcher/types.js';
import type { BenchArgs, MessagingMode } from './args.js';

/** Saga deadlines far beyond any phase: a slow saga under overload is measured, not cancelled. */
const neverMs = String(3_600_000);

/**
 * Env of every service in a bench run: rate limiting off (the bench is one client
 * address sending hundreds of requests a second), and the services' own defaults
 * otherwise. `--env` pairs come last and win.
 */
export function benchServiceEnv(args: Pick<BenchArgs, 'env'>): Record<string, string> {
  return {
    RATE_LIMIT_MAX: '0',
    STOCK_TIMEOUT_MS: neverMs,
    PAYMENT_TIMEOUT_MS: neverMs,
    COMPENSATION_STEP_TIMEOUT_MS: neverMs,
    ...args.env,
  };
}

/** Node flags that make each service write a V8 CPU profile when it exits cleanly. */
export function cpuProfileArgv(
  dir: string | undefined,
  mode: MessagingMode,
  services: readonly ServiceName[],
): Partial<Record<ServiceName, string[]>> {
  if (dir === undefined) return {};
  const argv: Partial<Record<ServiceName, string[]>> = {};
  for (const service of services) {
    // A directory each, not a file name: the loader-hooks thread writes a profile of its own.
    argv[service] = ['--cpu-prof', `--cpu-prof-dir=${join(dir, mode, service)}`];
  }
  return argv;
}

/** Database and topic prefixes of a mode: fresh databases per mode, topics apart on one broker. */
export function modePrefixes(mode: MessagingMode): { databasePrefix: string; topicPrefix: string } {
  const slug = mode.replace('-', '_');
  return { databasePrefix: `bench_${slug}_`, topicPrefix: `bench-${mode}.` };
}
