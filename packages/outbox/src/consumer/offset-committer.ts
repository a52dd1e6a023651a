import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * Commits consumed offsets at most once per interval instead of after every batch.
 * kafkajs commits after each batch of a fetch: at a few messages per batch that is
 * an OffsetCommit request (and a write to __consumer_offsets) per transaction.
 * Offsets reach this only after their transaction committed, so committing later
 * only widens what a crash redelivers, and the inbox skips what it redelivers.
 */
export class OffsetCommitter {
  /** Next offset to consume, per `topic/partition`, not yet committed. */
  private readonly pending = new Map<string, TopicPartitionOffsetAndMetadata>();
  private lastCommitAt = 0;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly commit: (offsets: TopicPartitionOffsetAndMetadata[]) => Promise<void>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** `offset` of `topic`/`partition` took effect: everything up to it may be committed. */
  consumed(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}/${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
  }

  /** Commits what is pending when the interval has passed since the last commit. */
  async commitIfDue(): Promise<void> {
    if (this.now() - this.lastCommitAt >= this.intervalMs) await this.flush();
  }

  /** Commits what is pending now. A refused commit (a rebalance took the partition) is dropped. */
  async flush(): Promise<void> {
    await this.inFlight;
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.lastCommitAt = this.now();
    this.inFlight = this.commit(offsets).catch((error: unknown) => {
      // The next owner of a lost partition starts from the last committed offset; the inbox dedupes.
      this.logger.warn({ err: error, offsets }, 'offset commit refused; those messages may be redelivered');
    });
    await this.inFlight;
  }
}
