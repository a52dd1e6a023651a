import type { Consumer } from 'kafkajs';
import type { Logger } from 'pino';
import { type BackoffPolicy, backoffDelayMs } from '../relay/backoff.js';
import { describeError } from '../relay/kafka-errors.js';

/** Why the consumer is not consuming, since when, and who brings it back. */
export interface ConsumerCrash {
  reason: string;
  since: Date;
  /** kafkajs restarts it itself (a retriable error), or this supervisor does, with backoff. */
  restartedBy: 'kafkajs' | 'supervisor';
}

export const defaultCrashRestartBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

/**
 * kafkajs stops a consumer for good when it crashes on an error it calls not
 * retriable (a CRASH event with `restart: false`): a group refusing the member, an
 * exception thrown out of our own batch loop. The process would go on serving HTTP
 * and consume nothing. This restarts such a consumer, with backoff, until it joins
 * its group again, and tells a readiness check that it is down meanwhile (also while
 * kafkajs restarts it on its own).
 */
export class CrashRestart {
  private current: ConsumerCrash | undefined;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    consumer: Consumer,
    private readonly restart: () => Promise<void>,
    private readonly logger: Logger,
    private readonly backoff: BackoffPolicy = defaultCrashRestartBackoff,
  ) {
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(payload.error, payload.restart));
    consumer.on(consumer.events.GROUP_JOIN, () => this.joined());
  }

  /** Undefined while the consumer runs (or has not crashed yet). */
  get crash(): ConsumerCrash | undefined {
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private crashed(error: Error, kafkajsRestarts: boolean): void {
    if (this.stopped) return;
    const reason = describeError(error);
    this.current = {
      reason,
      since: this.current?.since ?? new Date(),
      restartedBy: kafkajsRestarts ? 'kafkajs' : 'supervisor',
    };
    if (kafkajsRestarts) {
      // A retriable error (a coordinator loading, a broker restarting): kafkajs rejoins by itself.
      this.logger.warn({ err: error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    this.scheduleRestart(reason);
  }

  private scheduleRestart(reason: string): void {
    if (this.stopped) return;
    this.attempts += 1;
    // At least the base: a restart at once would meet the same refusal at once.
    const delayMs = Math.max(this.backoff.baseMs, backoffDelayMs(this.attempts, this.backoff));
    this.logger.error({ reason, attempt: this.attempts, delayMs }, 'consumer crashed; restarting it');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.restartNow(), delayMs);
    this.timer.unref();
  }

  private async restartNow(): Promise<void> {
    if (this.stopped) return;
    try {
      // A refused join does not throw: kafkajs emits CRASH again, which schedules the next attempt.
      await this.restart();
    } catch (error) {
      const reason = describeError(error);
      if (this.current !== undefined) this.current = { ...this.current, reason };
      this.scheduleRestart(reason);
    }
  }

  private joined(): void {
    if (this.current === undefined) return;
    this.logger.info(
      { downMs: Date.now() - this.current.since.getTime(), attempts: this.attempts },
      'consumer joined its group again after a crash',
    );
    this.current = undefined;
    this.attempts = 0;
  }
}
