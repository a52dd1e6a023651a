/**
 * Preloaded into every service process (`node --import <this file>`).
 * The launcher hands the child the read end of a pipe on fd 3 and never writes to
 * it; when the launcher dies, however it dies (even SIGKILL), the kernel closes the
 * write end and the child sees EOF here. The child then shuts down the way SIGTERM
 * asks, and exits hard if that takes too long, so no service outlives its launcher.
 */
import { Socket } from 'node:net';

const lifelineFd = 3;
const hardExitMs = 5_000;

function onLauncherGone(): void {
  setTimeout(() => process.exit(1), hardExitMs).unref();
  process.kill(process.pid, 'SIGTERM');
}

function watchLifeline(): void {
  let lifeline: Socket;
  try {
    // A Socket takes only a pipe or socket fd (Node hands a child its extra stdio pipes
    // as socket pairs; a shell would use a FIFO) and throws for anything else. No
    // fstatSync to ask first: on Node 20, stat of a socket or FIFO leaves realpath
    // following no symlinks, and the entry's packages behind pnpm's links are then
    // not found (nodejs/node#51142); under tsx, whose resolver differs, it went unseen.
    lifeline = new Socket({ fd: lifelineFd, readable: true, writable: false });
  } catch {
    // Started by hand, without a launcher: nothing to watch.
    return;
  }
  lifeline.on('end', onLauncherGone);
  lifeline.on('error', onLauncherGone);
  lifeline.resume();
  // The pipe must not keep an otherwise finished service alive.
  lifeline.unref();
}

watchLifeline();
