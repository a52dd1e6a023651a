import type { System } from '../launcher/launcher.js';

/**
 * Ctrl-C / SIGTERM stop the services first and the stack last. The devstack
 * installs its own signal listeners, which would stop Postgres and Kafka at once,
 * under services still shutting down; a CLI that owns the whole system takes the
 * signals over instead (the devstack's exit hook stays, as a last resort).
 */
export function stopOnSignal(system: System, onStopped: (signal: NodeJS.Signals) => void): void {
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, handle);
  }
}
