import { orderAggregateType, parseMessage } from '@sagaflow/contracts';
import { decodeEnvelope } from '@sagaflow/outbox';
import { describe, expect, it } from 'vitest';
import { envelopeOf, poisonFor, targets } from './poison.js';

const orderId = '0193c0de-0000-7000-8000-00000000d00d';

describe('poison', () => {
  it('spoils a message its target would accept', () => {
    for (const target of targets) {
      const envelope = envelopeOf(target, orderId);
      expect(decodeEnvelope(JSON.stringify(envelope))).toEqual({ ok: true, envelope });
      expect(envelope.aggregateType).toBe(orderAggregateType);
      expect(parseMessage([target.contract], envelope).ok).toBe(true);
    }
  });

  it('keys every poison apart, so each dead letter can be told by its key', () => {
    for (const target of targets) {
      const keys = poisonFor(target, 1000, 2000)
        .map((poison) => poison.key)
        .filter((key) => key !== null);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
