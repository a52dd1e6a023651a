import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrashRestart } from './crash-restart.js';

/** The two instrumentation events CrashRestart listens to, on an emitter the test drives. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  const consumer = {
    events,
    on: (event: string, listener: (payload: unknown) => void) => emitter.on(event, listener),
  } as unknown as Consumer;
  return {
    consumer,
    crash: (restart: boolean) =>
      emitter.emit(events.CRASH, { payload: { error: new Error('group refused us'), restart } }),
    join: () => emitter.emit(events.GROUP_JOIN, { payload: {} }),
  };
}

const logger = pino({ level: 'silent' });

describe('CrashRestart', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('restarts a consumer kafkajs gave up on, backing off while it keeps crashing, until it joins', async () => {
    const fake = fakeConsumer();
    const restart = vi.fn(async () => {});
    const supervisor = new CrashRestart(fake.consumer, restart, logger, { baseMs: 1_000, maxMs: 8_000 });
    expect(supervisor.crash).toBeUndefined();

    fake.crash(false);
    expect(supervisor.crash).toMatchObject({
      restartedBy: 'supervisor',
      reason: expect.stringMatching(/refused/),
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(restart).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(restart).toHaveBeenCalledTimes(1);

    fake.crash(false);
    await vi.advanceTimersByTimeAsync(999);
    expect(restart).toHaveBeenCalledTimes(1); // the second wait is at least the base, up to twice it
    await vi.advanceTimersByTimeAsync(1_001);
    expect(restart).toHaveBeenCalledTimes(2);

    fake.join();
    expect(supervisor.crash).toBeUndefined();
    supervisor.stop();
  });

  it('leaves a retriable crash to kafkajs but reports it until the consumer joins again', async () => {
    const fake = fakeConsumer();
    const restart = vi.fn(async () => {});
    const supervisor = new CrashRestart(fake.consumer, restart, logger);
    fake.crash(true);
    expect(supervisor.crash).toMatchObject({ restartedBy: 'kafkajs' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restart).not.toHaveBeenCalled();
    fake.join();
    expect(supervisor.crash).toBeUndefined();
  });

  it('tries again when a restart itself fails, and not at all once stopped', async () => {
    const fake = fakeConsumer();
    const restart = vi.fn(async () => {
      throw new Error('no broker');
    });
    const supervisor = new CrashRestart(fake.consumer, restart, logger, { baseMs: 100, maxMs: 100 });
    fake.crash(false);
    await vi.advanceTimersByTimeAsync(350);
    expect(restart).toHaveBeenCalledTimes(3);
    expect(supervisor.crash?.reason).toMatch(/no broker/);
    supervisor.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(restart).toHaveBeenCalledTimes(3);
    fake.crash(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(restart).toHaveBeenCalledTimes(3);
  });
});
