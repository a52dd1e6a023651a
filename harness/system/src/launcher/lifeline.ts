/**
 * Preloaded into every service process (`node --import <this file>`).
 * The launcher hands the child the read end of a pipe on fd 3 and never writes to
 * it; when the launcher dies, however it dies (even SIGKILL), the kernel closes the
 * write end and the child sees EOF here. The child then shuts down the way SIGTERM
 * asks, and exits hard if that takes too long, so no service outlives its launcher.
 */
import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';

const lifelineFd = 3;
const hardExitMs = 5_000;

function onLauncherGone(): void {
  setTimeout(() => process.exit(1), hardExitMs).unref();
  process.kill(process.pid, 'SIGTERM');
}

function watchLifeline(): void {
  try {
    const stat = fstatSync(lifelineFd);
    // Node hands a child its extra stdio pipes as socket pairs; a shell would use a FIFO.
    if (!stat.isSocket() && !stat.isFIFO()) return;
  } catch {
    // Started by hand, without a launcher: nothing to watch.
    return;
  }
  const lifeline = new Socket({ fd: lifelineFd, readable: true, writable: false });
  lifeline.on('end', onLauncherGone);
  lifeline.on('error', onLauncherGone);
  lifeline.resume();
  // The pipe must not keep an otherwise finished service alive.
  lifeline.unref();
}

watchLifeline();
