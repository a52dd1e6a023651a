import type { ConnectionOptions } from 'node:tls';
import { migrateOutbox, type TransactionOf } from '@sagaflow/outbox';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from 'pino';

/** A service's database, typed by its Drizzle schema. */
export type ServiceDb<TSchema extends Record<string, unknown>> = NodePgDatabase<TSchema>;
/** A transaction of that database: what handlers, stores and `sink.enqueue` take. */
export type ServiceTransaction<TSchema extends Record<string, unknown>> = TransactionOf<ServiceDb<TSchema>>;

export interface ServiceDatabase<TSchema extends Record<string, unknown>> {
  pool: pg.Pool;
  db: NodePgDatabase<TSchema>;
}

export function openDatabase<TSchema extends Record<string, unknown>>(options: {
  url: string;
  schema: TSchema;
  logger: Logger;
  maxConnections?: number;
  /** From readConnectionSecurity, with `url` stripped of its TLS parameters; default: the URL's own. */
  ssl?: ConnectionOptions | false;
}): ServiceDatabase<TSchema> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 20,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'idle database connection failed'));
  return { pool, db: drizzle(pool, { schema: options.schema }) };
}

/** Advisory-lock key held while migrating: 'sagaflow-migrate' as an int4. */
export const migrationLockKey = 0x5a6d6967;

/**
 * The outbox tables first, then the service's own; each has its own journal.
 * Instances of a service that start together share the database, and drizzle's
 * migrator does not lock: each would run the same CREATE TABLEs. A session-level
 * advisory lock lets one migrate while the others wait, then find nothing to do.
 */
export async function migrateDatabase(
  db: NodePgDatabase<Record<string, unknown>>,
  migrationsFolder: string,
): Promise<void> {
  // drizzle keeps the pool it was given as $client, though NodePgDatabase's type does not say so.
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool))
    throw new TypeError('migrateDatabase needs a drizzle database over a pg.Pool');
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    await migrateOutbox(db);
    await migrate(db, { migrationsFolder });
  } finally {
    // Ending the session releases the lock as well, should the unlock itself fail.
    await lock.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).then(
      () => lock.release(),
      (error: Error) => lock.release(error),
    );
  }
}
