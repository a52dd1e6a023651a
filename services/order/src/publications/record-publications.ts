import type { PendingMessage } from '@sagaflow/outbox';
import type pg from 'pg';
import type { Logger } from 'pino';

/**
 * Remembers when the broker acked each message, for the timeline: the outbox row
 * is deleted at that moment. Best effort: a lost write only blanks a timestamp.
 */
export function recordPublications(pool: pg.Pool, logger: Logger) {
  return (messages: readonly PendingMessage[], ackedAt: number): void => {
    pool
      .query(
        `INSERT INTO message_publications (message_id, published_at)
         SELECT unnest($1::uuid[]), to_timestamp($2::double precision / 1000)
         ON CONFLICT (message_id) DO NOTHING`,
        [messages.map((message) => message.id), ackedAt],
      )
      .catch((error: unknown) => logger.warn({ err: error }, 'could not record publication times'));
  };
}
