import { asc, eq } from 'drizzle-orm';
import type { OutboxDatabase } from '../relay/store.js';
import { inbox, outbox, outboxPublished } from '../schema/tables.js';

/** Most rows each list of a correlation holds; a saga has about ten messages per service. */
export const maxCorrelationRows = 500;

/** What one service did for one correlation id (a saga): what it handled, published, and still holds. */
export interface CorrelationMessages {
  /** Its inbox, oldest first: messages a consumer group handled (or dead-lettered). */
  handled: Array<{ messageId: string; consumerGroup: string; type: string | null; processedAt: Date }>;
  /** Acknowledged by the broker, oldest first (until the publication retention prunes them). */
  published: Array<{
    messageId: string;
    type: string;
    topic: string;
    causationId: string | null;
    occurredAt: Date;
    publishedAt: Date;
  }>;
  /** Still in its outbox, in the order they were enqueued. */
  pending: Array<{
    messageId: string;
    type: string;
    topic: string;
    causationId: string | null;
    occurredAt: Date;
    attempts: number;
    lastError: string | null;
  }>;
}

/**
 * The three lists read in one read-only snapshot: a message the relay moves from the
 * outbox to outbox_published meanwhile shows in exactly one of them. Inbox rows
 * written before the inbox kept correlation ids are not found. The outbox has no index
 * on the correlation id on purpose: it only holds the backlog, and every index costs
 * each enqueue and each relay delete.
 */
export function readCorrelation(
  db: OutboxDatabase,
  correlationId: string,
  limit = maxCorrelationRows,
): Promise<CorrelationMessages> {
  return db.transaction(
    async (tx) => {
      const handled = await tx
        .select({
          messageId: inbox.messageId,
          consumerGroup: inbox.consumerGroup,
          type: inbox.messageType,
          processedAt: inbox.processedAt,
        })
        .from(inbox)
        .where(eq(inbox.correlationId, correlationId))
        .orderBy(asc(inbox.processedAt), asc(inbox.messageId))
        .limit(limit);
      const published = await tx
        .select({
          messageId: outboxPublished.messageId,
          type: outboxPublished.type,
          topic: outboxPublished.topic,
          causationId: outboxPublished.causationId,
          occurredAt: outboxPublished.occurredAt,
          publishedAt: outboxPublished.publishedAt,
        })
        .from(outboxPublished)
        .where(eq(outboxPublished.correlationId, correlationId))
        .orderBy(asc(outboxPublished.publishedAt), asc(outboxPublished.messageId))
        .limit(limit);
      const pending = await tx
        .select({
          messageId: outbox.id,
          type: outbox.type,
          topic: outbox.topic,
          causationId: outbox.causationId,
          occurredAt: outbox.occurredAt,
          attempts: outbox.attempts,
          lastError: outbox.lastError,
        })
        .from(outbox)
        .where(eq(outbox.correlationId, correlationId))
        .orderBy(asc(outbox.id))
        .limit(limit);
      return { handled, published, pending };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
