/**
 * Stops running stacks when their process ends normally: an exit runs the
 * synchronous kill, SIGINT/SIGTERM the full asynchronous stop. A SIGKILLed owner
 * is covered by the orphan sweep at the next start instead.
 */
export interface StackCleanup {
  /** Synchronous best effort: runs from process 'exit', where nothing async completes. */
  kill(): void;
  stop(): Promise<void>;
}

const active = new Set<StackCleanup>();
let installed = false;
const signalStopTimeoutMs = 10_000;

function onExit(): void {
  for (const cleanup of active) cleanup.kill();
  active.clear();
}

async function onSignal(name: NodeJS.Signals): Promise<void> {
  const stops = [...active].map((cleanup) => cleanup.stop());
  await Promise.race([
    Promise.allSettled(stops),
    new Promise((resolve) => setTimeout(resolve, signalStopTimeoutMs).unref()),
  ]);
  // With no other listener, re-raise so the process still ends the way the signal asks.
  if (process.listenerCount(name) === 1) {
    uninstall();
    process.kill(process.pid, name);
  }
}

const signalListeners = {
  SIGINT: () => void onSignal('SIGINT'),
  SIGTERM: () => void onSignal('SIGTERM'),
};

function uninstall(): void {
  process.removeListener('exit', onExit);
  process.removeListener('SIGINT', signalListeners.SIGINT);
  process.removeListener('SIGTERM', signalListeners.SIGTERM);
  installed = false;
}

export function registerCleanup(cleanup: StackCleanup): () => void {
  active.add(cleanup);
  if (!installed) {
    process.on('exit', onExit);
    process.on('SIGINT', signalListeners.SIGINT);
    process.on('SIGTERM', signalListeners.SIGTERM);
    installed = true;
  }
  return () => {
    active.delete(cleanup);
    if (active.size === 0 && installed) uninstall();
  };
}
