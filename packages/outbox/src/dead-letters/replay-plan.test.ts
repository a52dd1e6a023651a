import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '../envelope/build.js';
import { planReplay, type ReplayableLetter } from './replay-plan.js';

const envelope = buildEnvelope({
  id: '0193c0de-0000-7000-8000-000000000002',
  type: 'ReserveStock',
  aggregateType: 'order',
  aggregateId: '0193c0de-0000-7000-8000-0000000000aa',
  correlationId: '0193c0de-0000-7000-8000-0000000000aa',
  occurredAt: new Date('2026-12-01T10:00:00Z'),
  payload: { orderId: '0193c0de-0000-7000-8000-0000000000aa' },
});

const consumerLetter: ReplayableLetter = {
  id: 'dl-1',
  source: 'consumer',
  consumerGroup: 'p.inventory',
  topic: 'p.inventory.commands',
  key: envelope.aggregateId,
  messageId: envelope.id,
  headers: { 'message-id': envelope.id, 'message-type': 'ReserveStock', traceparent: '00-abc-def-01' },
  envelope,
};

describe('planReplay', () => {
  it('replays a consumer’s dead letter onto its topic without the prefix, and forgets the group’s inbox entry', () => {
    expect(planReplay(consumerLetter, 'p.')).toEqual({
      ok: true,
      envelope,
      destination: {
        topic: 'inventory.commands',
        key: envelope.aggregateId,
        headers: { traceparent: '00-abc-def-01' },
      },
      inboxEntry: { consumerGroup: 'p.inventory', messageId: envelope.id },
    });
  });

  it('replays a relay’s dead letter onto the topic as the outbox named it, with no inbox to touch', () => {
    const plan = planReplay(
      { ...consumerLetter, source: 'relay', consumerGroup: null, topic: 'inventory.commands', headers: {} },
      'p.',
    );
    expect(plan).toMatchObject({
      ok: true,
      destination: { topic: 'inventory.commands' },
      inboxEntry: undefined,
    });
  });

  it('keys a record that had no key by its aggregate, as the outbox keys any message', () => {
    const plan = planReplay({ ...consumerLetter, key: null }, 'p.');
    expect(plan).toMatchObject({ ok: true, destination: { key: envelope.aggregateId } });
  });

  it.each([
    ['only a raw value', { envelope: null }, /only the raw record value/],
    ['a stored envelope that is not one', { envelope: { ...envelope, id: 'x' } }, /not a valid envelope/],
    ['a topic outside the service’s prefix', { topic: 'other.inventory.commands' }, /outside this service/],
    ['a key cut when stored', { key: 'k'.repeat(1024) }, /key was cut/],
  ])('refuses a dead letter with %s', (_, change, problem) => {
    const plan = planReplay({ ...consumerLetter, ...change }, 'p.');
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.problem).toMatch(problem);
  });
});
