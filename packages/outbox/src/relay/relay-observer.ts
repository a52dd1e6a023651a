/**
 * What the relay reports as it works, for metrics. Calls are synchronous and must
 * not throw: the relay calls them between its statements. The default does nothing.
 */
export interface RelayObserver {
  /** A batch the broker acknowledged and whose rows are gone: how many, and how long the send took. */
  published(count: number, sendSeconds: number): void;
  /** The broker refused one message; it waits for a retry or goes to dead letters. */
  refused(): void;
  /** A refused message ran out of attempts and was moved to dead letters. */
  deadLettered(): void;
  /** A batch found the broker unreachable. */
  outage(): void;
}

export const noRelayObserver: RelayObserver = {
  published() {},
  refused() {},
  deadLettered() {},
  outage() {},
};
