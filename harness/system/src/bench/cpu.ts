import { setTimeout as sleep } from 'node:timers/promises';
import pidusage from 'pidusage';
import type { Logger } from 'pino';
import { classify, type ProcessRoles, processTree } from './processes.js';

export interface CpuSample {
  /** Epoch ms. */
  at: number;
  /** CPU time (user + system, ms) and group of every process seen. */
  byPid: ReadonlyMap<number, { cpuMs: number; group: string }>;
}

/** Percent of one core per group, and the processes counted in each. */
export type CpuShares = Record<string, { percent: number; processes: number }>;

/**
 * CPU used between the first sample and the last, per group, as percent of one
 * core. A process that appeared after the first sample counts from zero; one that
 * exited counts until the last sample that saw it, so at most one sampling
 * interval of its time is missed (pooled Postgres backends exit only after idling).
 */
export function cpuShares(samples: readonly CpuSample[]): CpuShares {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return {};
  const latest = new Map<number, { cpuMs: number; group: string }>();
  for (const sample of samples) for (const [pid, seen] of sample.byPid) latest.set(pid, seen);
  const shares: CpuShares = {};
  const wallMs = last.at - first.at;
  for (const [pid, { cpuMs, group }] of latest) {
    const used = Math.max(0, cpuMs - (first.byPid.get(pid)?.cpuMs ?? 0));
    const share = shares[group] ?? { percent: 0, processes: 0 };
    share.percent += (used / wallMs) * 100;
    share.processes += 1;
    shares[group] = share;
  }
  for (const share of Object.values(shares)) share.percent = Math.round(share.percent * 10) / 10;
  return shares;
}

/** Samples every process of the system once a second between begin() and end(). */
export class CpuSampler {
  private samples: CpuSample[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly roles: () => Promise<ProcessRoles>,
    private readonly logger: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  async begin(): Promise<void> {
    this.samples = [await this.sample()];
    this.stopped = false;
    this.running = (async () => {
      while (!this.stopped) {
        await sleep(this.intervalMs);
        if (this.stopped) break;
        this.samples.push(await this.sample());
      }
    })().catch((error: unknown) => this.logger.warn({ err: error }, 'CPU sampling stopped'));
  }

  async end(): Promise<CpuShares> {
    this.stopped = true;
    await this.running;
    this.samples.push(await this.sample());
    return cpuShares(this.samples);
  }

  async sample(): Promise<CpuSample> {
    const roles = await this.roles();
    const tree = await processTree(roles.benchPid, [...roles.services.keys()]);
    const usage = await pidusage(tree.map((entry) => entry.pid));
    const at = Date.now();
    const byPid = new Map<number, { cpuMs: number; group: string }>();
    for (const entry of tree) {
      const stat = usage[entry.pid];
      // Missing (null) for a process that exited since the tree was read.
      if (stat != null) byPid.set(entry.pid, { cpuMs: stat.ctime, group: classify(entry, roles) });
    }
    return { at, byPid };
  }

  /** pidusage keeps files open and a timer for its history; this releases them. */
  static release(): void {
    pidusage.clear();
  }
}
