import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { deadLetters, outbox } from '../schema/tables.js';

/** Any Drizzle node-postgres database, whatever the schema of the service that owns it. */
export type OutboxDatabase = NodePgDatabase<Record<string, unknown>>;
export interface BacklogStats {
  pending: number;
  oldestPendingAgeMs: number;
  /** Dead letters no operator has handled yet: what needs someone's attention. */
  deadLetters: number;
}

export async function readBacklogStats(db: OutboxDatabase): Promise<BacklogStats> {
  const result = await db.execute<{
    pending: string;
    oldest_age_ms: string | null;
    dead_letters: string;
  }>(sql`
    select
      (select count(*) from ${outbox}) as pending,
      (select extract(epoch from now() - min(created_at)) * 1000 from ${outbox}) as oldest_age_ms,
      (select count(*) from ${deadLetters} where ${deadLetters.handledAt} is null) as dead_letters`);
  const row = result.rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    oldestPendingAgeMs: Math.max(0, Math.round(Number(row?.oldest_age_ms ?? 0))),
    deadLetters: Number(row?.dead_letters ?? 0),
  };
}
