import type { IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import type { OutboxDatabase } from '../relay/store.js';
import { deadLetters, inbox } from '../schema/tables.js';
import type { DeadLetterContent, RecordLocation } from './intake.js';
import { keptPrefixChars, storable, storableHeaders, truncate } from './record-checks.js';

/** Dead letters of a record get one id however often the record is redelivered. */
const deadLetterNamespace = '2b0c4f7e-5d0a-4a7e-9a61-3c1f0e6d8b52';

export interface DeadLetterInput {
  location: RecordLocation;
  headers: IHeaders | undefined;
  content: DeadLetterContent;
  reason: string;
  attempts: number;
}

/**
 * Stores a record the consumer gives up on, in a transaction of its own. Everything
 * stored is made storable and bounded first: a dead letter must never fail to
 * insert, or the partition would stop at the record.
 */
export async function writeDeadLetter(
  db: OutboxDatabase,
  groupId: string,
  logger: Logger,
  { location, headers: rawHeaders, content, reason: rawReason, attempts }: DeadLetterInput,
): Promise<void> {
  const envelope = 'envelope' in content ? content.envelope : undefined;
  const read = envelope ?? ('read' in content ? content.read : undefined);
  const headers = storableHeaders(rawHeaders);
  const reason = storable(rawReason);
  const messageId = read?.id ?? (headers['message-id'] ? truncate(headers['message-id'], 200) : null);
  const key = location.key === null ? null : storable(truncate(location.key, keptPrefixChars));
  await db.transaction(async (tx) => {
    await tx
      .insert(deadLetters)
      .values({
        id: uuidv5(
          `${groupId}/${location.topic}/${location.partition}/${location.offset}`,
          deadLetterNamespace,
        ),
        messageId,
        source: 'consumer',
        consumerGroup: groupId,
        topic: location.topic,
        key,
        type: read
          ? storable(read.type)
          : headers['message-type']
            ? truncate(headers['message-type'], 200)
            : null,
        partition: location.partition,
        offset: location.offset,
        envelope: envelope ?? null,
        raw: 'raw' in content && content.raw !== null ? storable(content.raw) : null,
        headers,
        reason,
        attempts,
      })
      .onConflictDoNothing();
    // A redelivered copy of a dead-lettered message must not run the handler again.
    if (envelope) {
      await tx
        .insert(inbox)
        .values({
          consumerGroup: groupId,
          messageId: envelope.id,
          correlationId: envelope.correlationId,
          messageType: envelope.type,
        })
        .onConflictDoNothing();
    }
  });
  logger.error({ ...location, key, messageId, reason, attempts }, 'message moved to dead letters');
}
