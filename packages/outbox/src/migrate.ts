import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { OutboxDatabase } from './relay/store.js';

/** The outbox package's own migrations, for a database that holds nothing but the outbox. */
export const outboxMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export async function migrateOutbox(db: OutboxDatabase): Promise<void> {
  await migrate(db, { migrationsFolder: outboxMigrationsFolder });
}
