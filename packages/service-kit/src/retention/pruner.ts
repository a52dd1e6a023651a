import {
  type OutboxDatabase,
  type OutboxTransaction,
  type PruneBatch,
  pruneHandledDeadLetters,
  pruneInbox,
  prunePublished,
} from '@sagaflow/outbox';
import type { Logger } from 'pino';
import type { CommonEnv } from '../config/env.js';

/** One table pruned by age: one bounded batch per call, in the transaction given. */
export interface PruneTask {
  /** What it prunes, for the log: `inbox`, `dead letters`. */
  name: string;
  retentionMs: number;
  prune: (tx: OutboxTransaction, batch: PruneBatch) => Promise<number>;
}

export interface PrunerOptions {
  db: OutboxDatabase;
  tasks: readonly PruneTask[];
  intervalMs: number;
  batchRows: number;
  logger: Logger;
  /** Batches of one task per run at most; the rest waits for the next run. */
  maxBatchesPerRun?: number;
}

export interface Pruner {
  /** One pass over every task; what each deleted. */
  runOnce(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** What every service prunes: the inbox, what the relay published, and the dead letters an operator has handled. */
export function outboxPruneTasks(env: CommonEnv): PruneTask[] {
  return [
    { name: 'inbox', retentionMs: env.INBOX_RETENTION_SECONDS * 1000, prune: pruneInbox },
    {
      name: 'published messages',
      retentionMs: env.PUBLICATION_RETENTION_SECONDS * 1000,
      prune: prunePublished,
    },
    {
      name: 'handled dead letters',
      retentionMs: env.DEAD_LETTER_RETENTION_SECONDS * 1000,
      prune: pruneHandledDeadLetters,
    },
  ];
}

/**
 * Runs every task each `intervalMs` (the first run one interval after start), each
 * batch in a transaction of its own, until a batch comes back short. A failure is
 * logged and the next run tries again: pruning late costs disk, never correctness.
 */
export function startPruner(options: PrunerOptions): Pruner {
  const { db, tasks, logger, batchRows } = options;
  const maxBatches = options.maxBatchesPerRun ?? 100;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Record<string, number>> | undefined;

  const pruneTask = async (task: PruneTask): Promise<number> => {
    let deleted = 0;
    for (let batches = 0; batches < maxBatches && !stopped; batches += 1) {
      const batch = { olderThanMs: task.retentionMs, limit: batchRows };
      const rows = await db.transaction((tx) => task.prune(tx, batch));
      deleted += rows;
      if (rows < batchRows) break;
    }
    return deleted;
  };

  const run = async (): Promise<Record<string, number>> => {
    const deleted: Record<string, number> = {};
    for (const task of tasks) {
      const startedAt = Date.now();
      try {
        deleted[task.name] = await pruneTask(task);
        if ((deleted[task.name] ?? 0) > 0)
          logger.info(
            { table: task.name, deleted: deleted[task.name], ms: Date.now() - startedAt },
            'pruned',
          );
      } catch (error) {
        logger.warn({ err: error, table: task.name }, 'pruning failed; the next run tries again');
      }
    }
    return deleted;
  };

  const runOnce = () => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), options.intervalMs);
    timer.unref();
  };
  if (options.intervalMs > 0) schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
