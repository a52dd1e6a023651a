import { describe, expect, it } from 'vitest';
import type { PendingMessage } from './plan.js';
import { BrokerUnavailableError, publishIsolatingRefusals, recordEncoder } from './publish.js';

function message(key: string, id: string): PendingMessage {
  return {
    id,
    key,
    topic: 't',
    type: 'T',
    value: '{}',
    headers: {},
    attempts: 0,
    due: true,
  };
}

class ProtocolError extends Error {
  override name = 'KafkaJSProtocolError';
  type = 'MESSAGE_TOO_LARGE';
}

/** A broker that refuses any request containing one of the poisoned ids, and records what it accepted. */
function brokerRefusing(poisoned: Set<string>) {
  const accepted: string[] = [];
  const send = async (messages: readonly PendingMessage[]) => {
    if (messages.some((m) => poisoned.has(m.id))) throw new ProtocolError('too large');
    accepted.push(...messages.map((m) => m.id));
  };
  return { send, accepted };
}

describe('publishIsolatingRefusals', () => {
  it('publishes a healthy batch in one request', async () => {
    const broker = brokerRefusing(new Set());
    const batch = [message('a', 'a1'), message('a', 'a2'), message('b', 'b1')];
    const outcome = await publishIsolatingRefusals(batch, broker.send);
    expect(outcome.published.map((m) => m.id)).toEqual(['a1', 'a2', 'b1']);
    expect(outcome.refused.size).toBe(0);
  });

  it('isolates the refused message and sends nothing after it in its key', async () => {
    const broker = brokerRefusing(new Set(['a2']));
    const batch = [
      message('a', 'a1'),
      message('a', 'a2'),
      message('a', 'a3'),
      message('b', 'b1'),
      message('c', 'c1'),
    ];
    const outcome = await publishIsolatingRefusals(batch, broker.send);
    expect(outcome.published.map((m) => m.id)).toEqual(['a1', 'b1', 'c1']);
    expect(broker.accepted).not.toContain('a3');
    expect(outcome.refused.get('a')?.message.id).toBe('a2');
    expect(outcome.refused.get('a')?.error).toContain('MESSAGE_TOO_LARGE');
  });

  it('reports an unreachable broker instead of charging the messages', async () => {
    const unreachable = Object.assign(new Error('Connection error: ECONNREFUSED'), {
      name: 'KafkaJSConnectionError',
    });
    const send = async () => {
      throw unreachable;
    };
    await expect(publishIsolatingRefusals([message('a', 'a1')], send)).rejects.toBeInstanceOf(
      BrokerUnavailableError,
    );
  });
});

describe('recordEncoder', () => {
  it('encodes a message once, however often it is sent, with its identity headers', () => {
    const encode = recordEncoder();
    const pending = { ...message('k', 'id-1'), value: '{"a":1}', headers: { traceparent: 'tp' } };
    const first = encode(pending);
    expect(encode(pending)).toBe(first);
    expect(first.key.toString()).toBe('k');
    expect(first.value.toString()).toBe('{"a":1}');
    expect(
      Object.fromEntries(Object.entries(first.headers).map(([name, value]) => [name, String(value)])),
    ).toEqual({ traceparent: 'tp', 'message-id': 'id-1', 'message-type': 'T' });
    expect(encode({ ...pending })).not.toBe(first);
  });
});
