import { keptPrefixChars } from '../consumer/record-checks.js';
import type { EnvelopeDestination } from '../enqueue/enqueue-envelope.js';
import { checkEnvelope, type Envelope } from '../envelope/envelope.js';
import type { DeadLetterRow } from '../schema/tables.js';

/** Headers the relay writes itself on every record, from the envelope. */
const relayWrittenHeaders = new Set(['message-id', 'message-type']);

export type ReplayableLetter = Pick<
  DeadLetterRow,
  'id' | 'source' | 'consumerGroup' | 'topic' | 'key' | 'messageId' | 'headers' | 'envelope'
>;

export type ReplayPlan =
  | {
      ok: true;
      envelope: Envelope;
      destination: EnvelopeDestination;
      /** The consumer group's inbox entry that dead-lettering wrote for the id, to be forgotten. */
      inboxEntry: { consumerGroup: string; messageId: string } | undefined;
    }
  | { ok: false; problem: string };

/**
 * How a dead letter is replayed, or why it cannot be: its envelope, as it was, onto
 * its original topic and key. A relay's dead letter names the topic as the outbox
 * does; a consumer's names it as read off the wire, with the service's prefix, which
 * the relay adds again. `topicPrefix` is the service's (KAFKA_TOPIC_PREFIX).
 *
 * A consumer that dead-letters a message records its id in its inbox, so that a
 * redelivered copy does not run the handler again; the replay must forget that entry
 * (the handler's transaction rolled back, so nothing of it took effect), or the
 * group would skip the replayed copy. Other groups reading the topic keep theirs and
 * skip it.
 */
export function planReplay(letter: ReplayableLetter, topicPrefix: string): ReplayPlan {
  if (letter.envelope === null)
    return {
      ok: false,
      problem: `dead letter ${letter.id} holds only the raw record value, never read as an envelope: there is no message to replay; resolve it once dealt with`,
    };
  const checked = checkEnvelope(letter.envelope);
  if (!checked.ok) return { ok: false, problem: `dead letter ${letter.id}: the stored ${checked.reason}` };
  const { envelope } = checked;
  let topic = letter.topic;
  if (letter.source === 'consumer') {
    if (!topic.startsWith(topicPrefix))
      return {
        ok: false,
        problem: `dead letter ${letter.id} was read from topic ${topic}, outside this service's topic prefix ${JSON.stringify(topicPrefix)}`,
      };
    topic = topic.slice(topicPrefix.length);
  }
  // Stored keys are cut at keptPrefixChars: one that long may not be the original.
  if (letter.key !== null && letter.key.length >= keptPrefixChars)
    return { ok: false, problem: `dead letter ${letter.id}: its key was cut when stored` };
  const headers = Object.fromEntries(
    Object.entries(letter.headers).filter(([name]) => !relayWrittenHeaders.has(name)),
  );
  return {
    ok: true,
    envelope,
    // A record without a key goes out keyed as the outbox keys any message: by its aggregate.
    destination: { topic, key: letter.key ?? envelope.aggregateId, headers },
    inboxEntry:
      letter.source === 'consumer' && letter.consumerGroup !== null
        ? { consumerGroup: letter.consumerGroup, messageId: envelope.id }
        : undefined,
  };
}
