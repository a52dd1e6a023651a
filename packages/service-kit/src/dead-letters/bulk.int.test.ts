import { CommitStock, topics } from '@sagaflow/contracts';
import { bearer, KafkaPeer, uniqueName, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commitStock,
  type DeadLetterService,
  startDeadLetterService,
} from '../testing/dead-letter-service.js';

let kit: DeadLetterService;
let peer: KafkaPeer;
let topicPrefix: string;

beforeAll(async () => {
  const environment = await testEnvironment('kit_dl_bulk');
  topicPrefix = environment.topicPrefix;
  kit = await startDeadLetterService(
    'kit-dl-bulk',
    environment.env,
    bearer(await environment.auth.operator('ann')),
  );
  peer = new KafkaPeer(environment.stack.kafkaBrokers, topicPrefix);
});

afterAll(async () => {
  await peer?.close();
  await kit?.service.stop();
});

describe('dead letters in bulk', () => {
  it('lists dead letters by topic, type, source and consumer group', async () => {
    const [topicA, topicB] = [uniqueName('a'), uniqueName('b')];
    const ids = {
      relayT1: await kit.insertDeadLetter({
        source: 'relay',
        topic: topicA,
        type: 'T1',
        key: 'k',
        envelope: null,
      }),
      relayT2: await kit.insertDeadLetter({
        source: 'relay',
        topic: topicA,
        type: 'T2',
        key: 'k',
        envelope: null,
      }),
      g1: await kit.insertDeadLetter({
        source: 'consumer',
        topic: topicB,
        type: 'T1',
        key: 'k',
        envelope: null,
        consumerGroup: 'g1',
      }),
      g2: await kit.insertDeadLetter({
        source: 'consumer',
        topic: topicB,
        type: 'T1',
        key: 'k',
        envelope: null,
        consumerGroup: 'g2',
      }),
    };
    const listed = async (query: string, status = 'all') => {
      const answer = await kit.call<{ items: { id: string }[] }>(
        'GET',
        `/dead-letters?status=${status}&${query}`,
      );
      expect(answer.status).toBe(200);
      return answer.body.items.map((item) => item.id).sort();
    };
    expect(await listed(`topic=${topicA}`)).toEqual([ids.relayT1, ids.relayT2].sort());
    expect(await listed(`topic=${topicA}&type=T2`)).toEqual([ids.relayT2]);
    expect(await listed(`topic=${topicB}&source=consumer`)).toEqual([ids.g1, ids.g2].sort());
    expect(await listed(`topic=${topicB}&source=relay`)).toEqual([]);
    expect(await listed(`consumerGroup=g1`)).toEqual([ids.g1]);
    expect((await kit.call('GET', '/dead-letters?source=broker')).status).toBe(400);

    // In bulk, by the same filter, oldest first, up to the limit.
    const first = await kit.call('POST', '/dead-letters/discard', {
      reason: 'test rows',
      filter: { topic: topicA },
      limit: 1,
    });
    expect(first).toEqual({ status: 200, body: { matched: 1, handled: [ids.relayT1], refused: [] } });
    const rest = await kit.call('POST', '/dead-letters/discard', {
      reason: 'test rows',
      filter: { topic: topicA },
    });
    expect(rest.body).toEqual({ matched: 1, handled: [ids.relayT2], refused: [] });
    const none = await kit.call('POST', '/dead-letters/discard', {
      reason: 'test rows',
      filter: { topic: topicA },
    });
    expect(none.body).toEqual({ matched: 0, handled: [], refused: [] });
    expect(await listed(`topic=${topicA}`, 'handled')).toEqual([ids.relayT1, ids.relayT2].sort());
    await kit.call('POST', '/dead-letters/discard', { reason: 'test rows', filter: { topic: topicB } });
  });

  it('replays in bulk, each in its own transaction: a relay’s through the outbox, a consumer’s through the inbox, a raw one refused', async () => {
    const topic = topics.inventoryCommands;
    const [first, second, third] = [uuidv7(), uuidv7(), uuidv7()];
    const [relayOne, relayTwo] = [commitStock(first), commitStock(second)];
    const oldest = await kit.insertDeadLetter({
      source: 'relay',
      topic,
      type: 'CommitStock',
      key: first,
      envelope: relayOne,
      agoS: 30,
    });
    const raw = await kit.insertDeadLetter({
      source: 'relay',
      topic,
      type: 'CommitStock',
      key: 'raw',
      envelope: null,
      agoS: 20,
    });
    const middle = await kit.insertDeadLetter({
      source: 'relay',
      topic,
      type: 'CommitStock',
      key: second,
      envelope: relayTwo,
      agoS: 10,
    });
    kit.failing.add(third);
    const consumed = await peer.send(CommitStock, { orderId: third });
    const newest = await kit.deadLetterOf(third);
    kit.failing.delete(third);

    const answer = await kit.call('POST', '/dead-letters/replay', {
      reason: 'bug fixed in 1.4.3',
      filter: { type: 'CommitStock' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      matched: 4,
      handled: [oldest, middle, newest],
      refused: [{ id: raw, problem: expect.stringContaining('only the raw record value') }],
    });
    expect(await kit.effects(third)).toEqual([consumed.id]);
    await waitFor(
      async () => (await kit.effects(first)).length > 0 && (await kit.effects(second)).length > 0,
      30_000,
    );
    expect(await kit.effects(first)).toEqual([relayOne.id]);
    expect(await kit.effects(second)).toEqual([relayTwo.id]);
    const { rows } = await kit.service.pool.query<{ id: string; handled_action: string | null }>(
      'select id, handled_action from outbox_dead_letters where id = any($1::uuid[]) order by failed_at',
      [[oldest, raw, middle, newest]],
    );
    expect(rows.map((row) => row.handled_action)).toEqual(['replayed', null, 'replayed', 'replayed']);

    const invalid = [
      await kit.call('POST', '/dead-letters/replay', { reason: 'r' }),
      await kit.call('POST', '/dead-letters/replay', { reason: 'r', filter: {}, limit: 501 }),
      await kit.call('POST', '/dead-letters/discard', { reason: 'r', filter: { colour: 'red' } }),
    ];
    expect(invalid.map((each) => each.status)).toEqual([400, 400, 400]);
  });
});
