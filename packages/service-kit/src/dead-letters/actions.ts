import {
  type DeadLetterHandlingInput,
  discardDeadLetter,
  type InboxReplay,
  type OutboxTransaction,
  type ReplayOutcome,
  replayDeadLetter,
  resolveDeadLetter,
} from '@sagaflow/outbox';
import { assertNever } from '../assert-never.js';

export const deadLetterActionNames = ['resolve', 'replay', 'discard'] as const;
export type DeadLetterActionName = (typeof deadLetterActionNames)[number];

export interface ActionContext {
  /** The service's KAFKA_TOPIC_PREFIX: a consumer's dead letter names its topic with it. */
  topicPrefix: string;
  /** The service's intake: given, a consumer's dead letter is replayed through it, not the broker. */
  inbox?: InboxReplay;
}

/** One dead-letter operation, in `tx`: what the per-id route and each dead letter of a bulk route run. */
export function act(
  tx: OutboxTransaction,
  id: string,
  action: DeadLetterActionName,
  handling: DeadLetterHandlingInput,
  { topicPrefix, inbox }: ActionContext,
): Promise<ReplayOutcome> {
  switch (action) {
    case 'resolve':
      return resolveDeadLetter(tx, id, handling);
    case 'discard':
      return discardDeadLetter(tx, id, handling);
    case 'replay':
      return replayDeadLetter(tx, id, {
        ...handling,
        topicPrefix,
        ...(inbox === undefined ? {} : { inbox }),
      });
    default:
      return assertNever(action);
  }
}
