import type { System } from '../launcher/launcher.js';

const signals = ['SIGINT', 'SIGTERM'] as const;

export type SignalListeners = Record<(typeof signals)[number], Set<(...args: unknown[]) => void>>;

/** The signal listeners present before the launch: they are left alone later (tsx's among them). */
export function signalListeners(): SignalListeners {
  return {
    SIGINT: new Set(process.listeners('SIGINT') as (() => void)[]),
    SIGTERM: new Set(process.listeners('SIGTERM') as (() => void)[]),
  };
}

/**
 * Ctrl-C / SIGTERM stop the services first and the stack last. The devstack
 * installs signal listeners of its own during the launch, which would stop Postgres
 * and Kafka at once, under services still shutting down; a CLI that owns the whole
 * system removes those (its exit hook stays, as a last resort). Listeners that were
 * there before the launch stay: tsx's wrapper, for one, SIGKILLs a child whose
 * listener does not acknowledge the signal.
 */
export function stopOnSignal(
  system: System,
  before: SignalListeners,
  onStopped: (signal: NodeJS.Signals) => void,
): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting for the services`);
      process.exit(130);
    }
    stopping = true;
    system.stop().then(
      () => onStopped(signal),
      (error: unknown) => {
        console.error(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].has(listener as () => void)) process.removeListener(signal, listener);
    }
    process.on(signal, handle);
  }
}

/**
 * For a CLI that launches systems one after another on a stack it owns (bench,
 * soak): the first signal stops the system running now, then the stack, and exits
 * 130; a second one exits at once.
 */
export function stopStackOnSignal(
  stack: { stop(): Promise<void> },
  running: () => System | undefined,
  before: SignalListeners,
  say: (line: string) => void,
): void {
  let stopping = false;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].has(listener as () => void)) process.removeListener(signal, listener);
    }
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      say(`${signal}: stopping`);
      void (running()?.stop() ?? Promise.resolve()).then(() => stack.stop()).finally(() => process.exit(130));
    });
  }
}
