import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { OutboxDatabase } from './relay/store.js';

/** The outbox package's own migrations. */
export const outboxMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Creates or upgrades the outbox, inbox and dead-letter tables. The journal has a
 * table of its own, so a service's own drizzle migrations can live beside it.
 */
export async function migrateOutbox(db: OutboxDatabase): Promise<void> {
  await migrate(db, { migrationsFolder: outboxMigrationsFolder, migrationsTable: '__outbox_migrations' });
}
