import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import {
  commandLine,
  isAlive,
  processesMentioning,
  processStartTime,
  signal,
  terminate,
} from './processes.js';

/**
 * One directory per embedded stack, holding the postgres data directory and an
 * owner file. Postgres does not die with the process that started it, so every
 * start sweeps the runs whose owner is gone: it stops their postgres and deletes
 * their directory.
 */
export interface RunOwner {
  ownerPid: number;
  /** Kernel start time of the owner, so a recycled pid does not look alive. */
  ownerStartTime?: string;
  createdAt: string;
  dataDir: string;
  postgresPid?: number;
  launcherPid?: number;
  /** Apache Kafka's JVMs at start; restarted nodes get new pids, which the sweep finds by command line. */
  kafkaPids?: number[];
}

export interface Run {
  id: string;
  dir: string;
  dataDir: string;
  record(update: Partial<RunOwner>): Promise<void>;
  remove(): Promise<void>;
  removeSync(): void;
}

const ownerFile = 'owner.json';
/** A run without an owner file younger than this may still be being created. */
const ownerlessGraceMs = 60_000;

export function runsRoot(): string {
  return join(tmpdir(), 'sagaflow-devstack');
}

async function writeOwner(dir: string, owner: RunOwner): Promise<void> {
  const temporary = join(dir, `${ownerFile}.${randomBytes(4).toString('hex')}`);
  await writeFile(temporary, `${JSON.stringify(owner, null, 2)}\n`);
  await rename(temporary, join(dir, ownerFile));
}

export async function createRun(): Promise<Run> {
  const root = runsRoot();
  // Postgres runs as another user when we are root: it must be able to traverse these.
  await mkdir(root, { recursive: true, mode: 0o755 });
  await chmod(root, 0o755).catch(() => undefined);
  const id = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = join(root, id);
  await mkdir(dir, { mode: 0o755 });
  await chmod(dir, 0o755);
  const dataDir = join(dir, 'data');
  let owner: RunOwner = {
    ownerPid: process.pid,
    ownerStartTime: processStartTime(process.pid),
    createdAt: new Date().toISOString(),
    dataDir,
  };
  await writeOwner(dir, owner);
  return {
    id,
    dir,
    dataDir,
    record: async (update) => {
      owner = { ...owner, ...update };
      await writeOwner(dir, owner);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
    removeSync: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function ownerAlive(owner: RunOwner): boolean {
  if (!isAlive(owner.ownerPid)) return false;
  const started = processStartTime(owner.ownerPid);
  return owner.ownerStartTime === undefined || started === undefined || started === owner.ownerStartTime;
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops what an orphaned run left running; only processes whose command line proves they belong to it. */
async function reap(owner: RunOwner, logger: Logger): Promise<void> {
  const postgresPids = new Set([owner.postgresPid, postmasterPid(owner.dataDir)]);
  for (const pid of postgresPids) {
    if (pid === undefined || !isAlive(pid) || !commandLine(pid)?.includes(owner.dataDir)) continue;
    const stopped = await terminate(pid);
    logger.info({ pid, stopped }, 'devstack: stopped an orphaned postgres');
  }
  // Kafka's JVMs run from config files inside the run: their command lines name it.
  for (const pid of processesMentioning(`${join(dirname(owner.dataDir), 'kafka')}/`)) {
    signal(pid, 'SIGKILL');
    logger.info({ pid }, 'devstack: killed an orphaned Apache Kafka node');
  }
  const launcher = owner.launcherPid;
  if (launcher !== undefined && isAlive(launcher) && commandLine(launcher)?.includes('kafka-mock')) {
    signal(launcher, 'SIGKILL');
  }
}

/** Returns the number of runs swept. */
export async function sweepOrphanRuns(logger: Logger): Promise<number> {
  const root = runsRoot();
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  let swept = 0;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    let owner: RunOwner | undefined;
    try {
      owner = JSON.parse(await readFile(join(dir, ownerFile), 'utf8')) as RunOwner;
    } catch {
      const age =
        Date.now() -
        (await stat(dir).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age < ownerlessGraceMs) continue;
    }
    if (owner && ownerAlive(owner)) continue;
    if (owner) await reap(owner, logger);
    await rm(dir, { recursive: true, force: true });
    logger.info({ run: entry.name, ownerPid: owner?.ownerPid }, 'devstack: swept an orphaned run');
    swept++;
  }
  return swept;
}
