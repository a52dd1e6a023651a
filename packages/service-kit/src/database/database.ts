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
}): ServiceDatabase<TSchema> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 20 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'idle database connection failed'));
  return { pool, db: drizzle(pool, { schema: options.schema }) };
}

/** The outbox tables first, then the service's own; each has its own journal. */
export async function migrateDatabase(
  db: NodePgDatabase<Record<string, unknown>>,
  migrationsFolder: string,
): Promise<void> {
  await migrateOutbox(db);
  await migrate(db, { migrationsFolder });
}
