import { readdir, readFile } from 'node:fs/promises';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The kernel's short name (15 characters at most). */
  comm: string;
}

/** Parses /proc/<pid>/stat; the name is in parentheses and may itself hold spaces or ')'. */
export function parseStat(text: string): ProcessEntry | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const ppid = Number(fields[1]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid)) return undefined;
  return { pid, ppid, comm: text.slice(open + 1, close) };
}

/** Every process whose ancestry leads to `root`, `root` included. */
export function descendants(entries: readonly ProcessEntry[], root: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  const self = entries.find((entry) => entry.pid === root) ?? { pid: root, ppid: 0, comm: '' };
  const found: ProcessEntry[] = [self];
  for (let i = 0; i < found.length; i++) found.push(...(children.get((found[i] as ProcessEntry).pid) ?? []));
  return found;
}

/**
 * The processes this bench started, directly or not: the services, Postgres (when
 * the embedded stack runs here) and Kafka (its JVMs, or the mock). Linux only; elsewhere, just
 * the bench and the pids it was told about.
 */
export async function processTree(root: number, known: readonly number[]): Promise<ProcessEntry[]> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [root, ...known].map((pid) => ({ pid, ppid: 0, comm: '' }));
  }
  const entries = await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      // A process may exit between readdir and the read: it is simply not there.
      .map((name) => readFile(`/proc/${name}/stat`, 'utf8').then(parseStat, () => undefined)),
  );
  return descendants(
    entries.filter((entry): entry is ProcessEntry => entry !== undefined),
    root,
  );
}

export interface PostgresBackend {
  datname: string | null;
  applicationName: string;
}

export interface ProcessRoles {
  benchPid: number;
  /** Service name by pid. */
  services: ReadonlyMap<number, string>;
  /** Postgres backends by pid, from pg_stat_activity. */
  backends: ReadonlyMap<number, PostgresBackend>;
  /** Service name by its database's name. */
  databases: ReadonlyMap<string, string>;
  /** application_name of the bench's own connections. */
  benchApplicationName: string;
}

/**
 * The group a process's CPU is reported under: the bench, a service, Postgres
 * backends by the service whose database they serve (the bench's own queries
 * apart), the rest of Postgres (postmaster, WAL writer, checkpointer, autovacuum),
 * Kafka (Apache Kafka's JVMs or the mock), or other.
 */
export function classify(entry: ProcessEntry, roles: ProcessRoles): string {
  if (entry.pid === roles.benchPid) return 'bench';
  // A service's children (tsx's esbuild) count as the service.
  const service = roles.services.get(entry.pid) ?? roles.services.get(entry.ppid);
  if (service !== undefined) return service;
  if (entry.comm === 'postgres' || entry.comm.startsWith('postgres:')) {
    const backend = roles.backends.get(entry.pid);
    if (backend === undefined || backend.datname === null) return 'postgres:other';
    if (backend.applicationName === roles.benchApplicationName) return 'postgres:bench';
    const owner = roles.databases.get(backend.datname);
    return owner === undefined ? 'postgres:other' : `postgres:${owner}`;
  }
  // Apache Kafka's JVMs (comm 'java'), or librdkafka's mock launcher.
  if (entry.comm === 'java' || entry.comm.startsWith('kafka-mock')) return 'kafka';
  return 'other';
}
