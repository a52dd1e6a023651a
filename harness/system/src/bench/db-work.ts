import type pg from 'pg';
import type { ServiceName } from '../launcher/types.js';

/** Statements and transactions the services ran against their databases. */
export interface DatabaseWork {
  statements: number;
  transactions: number;
  byService: Partial<Record<ServiceName, { statements: number; transactions: number }>>;
}

/** Cumulative counters of one service database at one moment. */
export interface DatabaseCounts {
  service: ServiceName;
  /** Statement calls by roles other than the bench's (BEGIN and COMMIT included). */
  statements: number;
  /** The bench's own statements: each one is also a transaction of its own. */
  benchStatements: number;
  /** Commits and rollbacks of every role. */
  transactions: number;
}

/**
 * The work between two snapshots. The bench's statements are autocommitted, one
 * transaction each, so they are taken off the database's transaction count.
 */
export function workBetween(
  before: readonly DatabaseCounts[],
  after: readonly DatabaseCounts[],
): DatabaseWork {
  const work: DatabaseWork = { statements: 0, transactions: 0, byService: {} };
  for (const end of after) {
    const start = before.find((counts) => counts.service === end.service);
    const statements = end.statements - (start?.statements ?? 0);
    const transactions = Math.max(
      0,
      end.transactions - (start?.transactions ?? 0) - (end.benchStatements - (start?.benchStatements ?? 0)),
    );
    work.byService[end.service] = { statements, transactions };
    work.statements += statements;
    work.transactions += transactions;
  }
  return work;
}

/** `work` divided by `sagas`, to one decimal; null when no saga ended. */
export function workPerSaga(work: DatabaseWork, sagas: number) {
  if (sagas <= 0) return null;
  const per = (count: number) => Math.round((count / sagas) * 10) / 10;
  return {
    statementsPerSaga: per(work.statements),
    transactionsPerSaga: per(work.transactions),
    byService: Object.fromEntries(
      Object.entries(work.byService).map(([service, counts]) => [
        service,
        { statements: per(counts.statements), transactions: per(counts.transactions) },
      ]),
    ),
  };
}

export type WorkPerSaga = NonNullable<ReturnType<typeof workPerSaga>>;

/**
 * Reads pg_stat_statements and pg_stat_database for the service databases. The
 * bench's own queries run as `benchRole`, so pg_stat_statements tells them apart.
 * pg_stat_database is flushed by each backend at most once a second: a snapshot
 * misses up to a second of the last transactions, which a phase of many seconds
 * and a drain after it make small.
 */
export class DatabaseCounters {
  constructor(
    private readonly adminPool: pg.Pool,
    private readonly databases: ReadonlyMap<string, ServiceName>,
    private readonly benchRole: string,
  ) {}

  /** False, with the reason, when pg_stat_statements is not loaded (shared_preload_libraries). */
  async prepare(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.adminPool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await this.adminPool.query('SELECT count(*) FROM pg_stat_statements');
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  async snapshot(): Promise<DatabaseCounts[]> {
    const { rows } = await this.adminPool.query<{
      datname: string;
      statements: string;
      bench_statements: string;
      transactions: string;
    }>(
      `SELECT d.datname,
              coalesce(sum(s.calls) FILTER (WHERE s.userid <> r.oid), 0) AS statements,
              coalesce(sum(s.calls) FILTER (WHERE s.userid = r.oid), 0) AS bench_statements,
              max(d.xact_commit + d.xact_rollback) AS transactions
       FROM pg_stat_database d
       CROSS JOIN (SELECT oid FROM pg_roles WHERE rolname = $1) r
       LEFT JOIN pg_stat_statements s ON s.dbid = d.datid
       WHERE d.datname = ANY($2::text[])
       GROUP BY d.datname`,
      [this.benchRole, [...this.databases.keys()]],
    );
    return rows.flatMap((row) => {
      const service = this.databases.get(row.datname);
      return service === undefined
        ? []
        : [
            {
              service,
              statements: Number(row.statements),
              benchStatements: Number(row.bench_statements),
              transactions: Number(row.transactions),
            },
          ];
    });
  }
}

/**
 * A login role for the bench's own connections to the service databases, so their
 * statements are not counted as the services'. It reads everything and writes nothing.
 */
export async function ensureBenchRole(adminPool: pg.Pool, role: string, password: string): Promise<void> {
  await adminPool.query(
    `DO $$ BEGIN
       CREATE ROLE ${role} LOGIN;
     EXCEPTION WHEN duplicate_object THEN NULL;
     END $$`,
  );
  await adminPool.query(`ALTER ROLE ${role} PASSWORD '${password.replaceAll("'", "''")}'`);
  await adminPool.query(`GRANT pg_read_all_data TO ${role}`);
}

/** `url` with another user and password. */
export function asRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}
