import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from 'pino';
import { parkedStatuses, terminalStatuses } from '../client/types.js';

/** States a saga does not leave on its own: the ends, and parked ones waiting for an operator. */
const settledStatuses = [...terminalStatuses, ...parkedStatuses];

export interface SagaEnd {
  status: string;
  /** Epoch ms of the terminal step, as the order service stamped it (orders.updated_at). */
  endAt: number;
  /** Epoch ms at which this tracker first saw the order final: after the commit. */
  seenAt: number;
}

interface Watch {
  resolve: (end: SagaEnd) => void;
}

/** Most ids one poll asks about: the oldest first, as sagas end roughly in the order they start. */
const maxIdsPerPoll = 2_000;

/**
 * Learns when sagas end by reading the order database, never the API: one query per
 * poll for the oldest pending ids (primary-key lookups), so the load it adds stays
 * small and constant. The saga's end time is the order service's own stamp, so how
 * often this polls changes when an end is noticed, not the latency measured.
 */
export class CompletionTracker {
  private readonly pending = new Map<string, Watch>();
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** Closed-loop clients wait on each end, so they want it noticed fast; the open loop does not. */
  pollMs = 100;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  watch(orderId: string): Promise<SagaEnd> {
    return new Promise((resolve) => this.pending.set(orderId, { resolve }));
  }

  start(): void {
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Resolves when nothing is pending, or false after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      if (Date.now() > deadline) return false;
      await sleep(50);
    }
    return true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      if (this.pending.size > 0) {
        try {
          await this.poll();
        } catch (error) {
          this.logger.warn({ err: error }, 'completion poll failed; retrying');
        }
      }
      await sleep(Math.max(1, this.pollMs - (Date.now() - started)));
    }
  }

  private async poll(): Promise<void> {
    const ids: string[] = [];
    for (const id of this.pending.keys()) {
      ids.push(id);
      if (ids.length >= maxIdsPerPoll) break;
    }
    const { rows } = await this.pool.query<{ id: string; status: string; end_at: number }>(
      `SELECT id, status, extract(epoch FROM updated_at) * 1000 AS end_at
       FROM orders WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
      [ids, settledStatuses],
    );
    const seenAt = Date.now();
    for (const row of rows) {
      const watch = this.pending.get(row.id);
      if (watch === undefined) continue;
      this.pending.delete(row.id);
      watch.resolve({ status: row.status, endAt: Number(row.end_at), seenAt });
    }
  }
}
