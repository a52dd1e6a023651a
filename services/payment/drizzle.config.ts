import { defineConfig } from 'drizzle-kit';

// Only payment's own tables: the outbox, inbox and dead letters are migrated by service-kit.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
