import { describe, expect, it } from 'vitest';
import { isBrokerUnavailable } from './kafka-errors.js';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('isBrokerUnavailable', () => {
  it('recognises connection loss, also when wrapped by exhausted retries', () => {
    expect(isBrokerUnavailable(named('KafkaJSConnectionError'))).toBe(true);
    const wrapped = named('KafkaJSNumberOfRetriesExceeded', {
      originalError: named('KafkaJSConnectionError'),
    });
    expect(isBrokerUnavailable(wrapped)).toBe(true);
  });

  it('recognises cluster-level protocol errors', () => {
    expect(isBrokerUnavailable(named('KafkaJSProtocolError', { type: 'NOT_ENOUGH_REPLICAS' }))).toBe(true);
  });

  it('charges message-level refusals to the message', () => {
    expect(isBrokerUnavailable(named('KafkaJSProtocolError', { type: 'MESSAGE_TOO_LARGE' }))).toBe(false);
    const exhausted = named('KafkaJSNumberOfRetriesExceeded', {
      originalError: named('KafkaJSProtocolError', { type: 'UNKNOWN_TOPIC_OR_PARTITION' }),
    });
    expect(isBrokerUnavailable(exhausted)).toBe(false);
  });
});
