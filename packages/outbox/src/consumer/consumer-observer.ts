/**
 * What the inbox consumer reports as it works, for metrics. Calls are synchronous
 * and must not throw: the consumer calls them inside its loop. The default does nothing.
 */
export interface ConsumerObserver {
  /**
   * A transaction of the inbox committed: `received` messages of one partition, of
   * which `fresh` were new to the inbox and handled; the rest were duplicates.
   * Never called for a transaction that rolled back.
   */
  committed(batch: CommittedBatch): void;
  /** A record was stored in dead letters instead of being handled. */
  deadLettered(record: { topic: string; partition: number }): void;
}

export interface CommittedBatch {
  topic: string;
  partition: number;
  received: number;
  fresh: number;
  /** From the transaction's start to its commit. */
  seconds: number;
}

export const noConsumerObserver: ConsumerObserver = {
  committed() {},
  deadLettered() {},
};
