import { fileURLToPath } from 'node:url';
import { CommitStock, inventoryCommands, topics } from '@sagaflow/contracts';
import { buildEnvelope, type Envelope } from '@sagaflow/outbox';
import { bearer, KafkaPeer, uniqueName, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
/** Orders whose CommitStock the handler refuses, so it is dead-lettered after its retries. */
const failing = new Set<string>();
let service: RunningService<Record<string, never>>;
let peer: KafkaPeer;
let operator: { authorization: string };
let topicPrefix: string;

beforeAll(async () => {
  const environment = await testEnvironment('kit_dl_handling');
  topicPrefix = environment.topicPrefix;
  operator = bearer(await environment.auth.operator('ann'));
  service = await startService(
    defineService('kit-dl-handling', () => ({
      schema: {},
      migrationsFolder,
      consumes: {
        topics: [topics.inventoryCommands],
        contracts: inventoryCommands,
        handle: async (message, tx, { incoming }) => {
          const { orderId } = message.payload as { orderId: string };
          if (failing.has(orderId)) throw new Error(`refusing ${orderId}`);
          await tx.execute(
            sql`insert into effects (order_id, message_id) values (${orderId}, ${incoming.envelope.id})`,
          );
        },
      },
      routes: () => {},
    })),
    loadEnv(serviceEnv({}), { ...environment.env, RATE_LIMIT_MAX: '0' }),
    { logger: pino({ level: 'silent' }) },
  );
  await service.pool.query('create table effects (order_id text not null, message_id text not null)');
  peer = new KafkaPeer(environment.stack.kafkaBrokers, topicPrefix);
});

afterAll(async () => {
  await peer?.close();
  await service?.stop();
});

async function call<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { ...operator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const handle = (id: string, action: 'resolve' | 'replay' | 'discard', reason = 'ticket 9') =>
  call('POST', `/dead-letters/${id}/${action}`, { reason });

async function deadLetterOf(orderId: string): Promise<string> {
  let id: string | undefined;
  await waitFor(async () => {
    const { rows } = await service.pool.query<{ id: string }>(
      'select id from outbox_dead_letters where key = $1 and handled_at is null',
      [orderId],
    );
    id = rows[0]?.id;
    return id !== undefined;
  }, 30_000);
  return id as string;
}

async function effects(orderId: string): Promise<string[]> {
  const { rows } = await service.pool.query<{ message_id: string }>(
    'select message_id from effects where order_id = $1 order by message_id',
    [orderId],
  );
  return rows.map((row) => row.message_id);
}

function commitStock(orderId: string, overrides: Partial<Envelope> = {}): Envelope {
  return {
    ...buildEnvelope({
      id: uuidv7(),
      type: 'CommitStock',
      aggregateType: 'order',
      aggregateId: orderId,
      correlationId: orderId,
      occurredAt: new Date(),
      payload: { orderId },
    }),
    ...overrides,
  };
}

/** A dead letter as the relay or this service's consumer writes one; `agoS` sets its failure time. */
async function insertDeadLetter(letter: {
  source: 'relay' | 'consumer';
  topic: string;
  type: string;
  key: string;
  envelope: Envelope | null;
  agoS?: number;
  consumerGroup?: string;
}): Promise<string> {
  const id = uuidv7();
  await service.pool.query(
    `insert into outbox_dead_letters
       (id, message_id, source, consumer_group, topic, key, type, partition, "offset", envelope, raw, reason, attempts, failed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'test', 1, now() - make_interval(secs => $12))`,
    [
      id,
      letter.envelope?.id ?? null,
      letter.source,
      letter.source === 'consumer' ? (letter.consumerGroup ?? service.messaging.inbox.consumerGroup) : null,
      letter.topic,
      letter.key,
      letter.type,
      letter.source === 'consumer' ? 0 : null,
      letter.source === 'consumer' ? '0' : null,
      letter.envelope === null ? null : JSON.stringify(letter.envelope),
      letter.envelope === null ? 'not json' : null,
      letter.agoS ?? 0,
    ],
  );
  return id;
}

describe('handling dead letters', () => {
  it('discards one for good: its inbox entry stays, so a redelivered copy is skipped, and it is not handled again', async () => {
    const orderId = uuidv7();
    failing.add(orderId);
    const envelope = await peer.send(CommitStock, { orderId });
    const id = await deadLetterOf(orderId);
    failing.delete(orderId);
    const discarded = await handle(id, 'discard', 'a duplicate of ticket 8');
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({
      id,
      handled: { action: 'discarded', by: 'operator:ann', reason: 'a duplicate of ticket 8' },
    });
    expect((await handle(id, 'discard')).status).toBe(409);
    expect((await handle(id, 'replay')).body).toMatchObject({
      status: 409,
      detail: expect.stringContaining('was discarded by operator:ann'),
    });
    // The copy goes first on the key's partition: once the next message took effect, it was skipped.
    await peer.sendEnvelope(topics.inventoryCommands, envelope);
    const next = await peer.send(CommitStock, { orderId });
    await waitFor(async () => (await effects(orderId)).length > 0, 30_000);
    expect(await effects(orderId)).toEqual([next.id]);
  });

  it('replays a consumer’s dead letter whose handler fails again: 409, nothing commits, it stays unhandled', async () => {
    const orderId = uuidv7();
    failing.add(orderId);
    const envelope = await peer.send(CommitStock, { orderId });
    const id = await deadLetterOf(orderId);
    const again = await handle(id, 'replay', 'try once more');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      title: 'Handling failed again',
      detail: expect.stringContaining(`refusing ${orderId}`),
    });
    expect((await call('GET', `/dead-letters/${id}`)).body).toMatchObject({ handled: null });
    // The inbox entry dead-lettering wrote is still there: the replay's delete rolled back too.
    const { rowCount } = await service.pool.query('select 1 from inbox where message_id = $1', [envelope.id]);
    expect(rowCount).toBe(1);
    expect(await effects(orderId)).toEqual([]);

    failing.delete(orderId);
    expect((await handle(id, 'replay', 'fixed')).status).toBe(200);
    expect(await effects(orderId)).toEqual([envelope.id]);
  });

  it('refuses to replay, as its consumer refuses, an envelope its contracts or its key do not accept', async () => {
    const orderId = uuidv7();
    const topic = topicPrefix + topics.inventoryCommands;
    const unknownType = await insertDeadLetter({
      source: 'consumer',
      topic,
      type: 'ShipParcel',
      key: orderId,
      envelope: commitStock(orderId, { type: 'ShipParcel' }),
    });
    const wrongKey = await insertDeadLetter({
      source: 'consumer',
      topic,
      type: 'CommitStock',
      key: 'someone-else',
      envelope: commitStock(orderId),
    });
    const otherGroup = await insertDeadLetter({
      source: 'consumer',
      topic,
      type: 'CommitStock',
      key: orderId,
      envelope: commitStock(orderId),
      consumerGroup: 'another-service',
    });
    const refusals = [await handle(unknownType, 'replay'), await handle(wrongKey, 'replay')];
    expect(refusals.map((answer) => answer.status)).toEqual([409, 409]);
    expect(refusals[0]?.body).toMatchObject({ detail: expect.stringContaining('ShipParcel') });
    expect(refusals[1]?.body).toMatchObject({ detail: expect.stringContaining('is not the order id') });
    expect((await handle(otherGroup, 'replay')).status).toBe(422);
    expect(await effects(orderId)).toEqual([]);
    for (const id of [unknownType, wrongKey, otherGroup])
      expect((await handle(id, 'resolve')).status).toBe(200);
  });

  it('lists dead letters by topic, type, source and consumer group', async () => {
    const [topicA, topicB] = [uniqueName('a'), uniqueName('b')];
    const ids = {
      relayT1: await insertDeadLetter({
        source: 'relay',
        topic: topicA,
        type: 'T1',
        key: 'k',
        envelope: null,
      }),
      relayT2: await insertDeadLetter({
        source: 'relay',
        topic: topicA,
        type: 'T2',
        key: 'k',
        envelope: null,
      }),
      g1: await insertDeadLetter({
        source: 'consumer',
        topic: topicB,
        type: 'T1',
        key: 'k',
        envelope: null,
        consumerGroup: 'g1',
      }),
      g2: await insertDeadLetter({
        source: 'consumer',
        topic: topicB,
        type: 'T1',
        key: 'k',
        envelope: null,
        consumerGroup: 'g2',
      }),
    };
    const listed = async (query: string, status = 'all') => {
      const answer = await call<{ items: { id: string }[] }>(
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
    expect((await call('GET', '/dead-letters?source=broker')).status).toBe(400);

    // In bulk, by the same filter, oldest first, up to the limit.
    const first = await call('POST', '/dead-letters/discard', {
      reason: 'test rows',
      filter: { topic: topicA },
      limit: 1,
    });
    expect(first).toEqual({ status: 200, body: { matched: 1, handled: [ids.relayT1], refused: [] } });
    const rest = await call('POST', '/dead-letters/discard', {
      reason: 'test rows',
      filter: { topic: topicA },
    });
    expect(rest.body).toEqual({ matched: 1, handled: [ids.relayT2], refused: [] });
    const none = await call('POST', '/dead-letters/discard', {
      reason: 'test rows',
      filter: { topic: topicA },
    });
    expect(none.body).toEqual({ matched: 0, handled: [], refused: [] });
    expect(await listed(`topic=${topicA}`, 'handled')).toEqual([ids.relayT1, ids.relayT2].sort());
    await call('POST', '/dead-letters/discard', { reason: 'test rows', filter: { topic: topicB } });
  });

  it('replays in bulk, each in its own transaction: a relay’s through the outbox, a consumer’s through the inbox, a raw one refused', async () => {
    const topic = topics.inventoryCommands;
    const [first, second, third] = [uuidv7(), uuidv7(), uuidv7()];
    const [relayOne, relayTwo] = [commitStock(first), commitStock(second)];
    const oldest = await insertDeadLetter({
      source: 'relay',
      topic,
      type: 'CommitStock',
      key: first,
      envelope: relayOne,
      agoS: 30,
    });
    const raw = await insertDeadLetter({
      source: 'relay',
      topic,
      type: 'CommitStock',
      key: 'raw',
      envelope: null,
      agoS: 20,
    });
    const middle = await insertDeadLetter({
      source: 'relay',
      topic,
      type: 'CommitStock',
      key: second,
      envelope: relayTwo,
      agoS: 10,
    });
    failing.add(third);
    const consumed = await peer.send(CommitStock, { orderId: third });
    const newest = await deadLetterOf(third);
    failing.delete(third);

    const answer = await call('POST', '/dead-letters/replay', {
      reason: 'bug fixed in 1.4.3',
      filter: { type: 'CommitStock' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      matched: 4,
      handled: [oldest, middle, newest],
      refused: [{ id: raw, problem: expect.stringContaining('only the raw record value') }],
    });
    expect(await effects(third)).toEqual([consumed.id]);
    await waitFor(
      async () => (await effects(first)).length > 0 && (await effects(second)).length > 0,
      30_000,
    );
    expect(await effects(first)).toEqual([relayOne.id]);
    expect(await effects(second)).toEqual([relayTwo.id]);
    const { rows } = await service.pool.query<{ id: string; handled_action: string | null }>(
      'select id, handled_action from outbox_dead_letters where id = any($1::uuid[]) order by failed_at',
      [[oldest, raw, middle, newest]],
    );
    expect(rows.map((row) => row.handled_action)).toEqual(['replayed', null, 'replayed', 'replayed']);

    const invalid = [
      await call('POST', '/dead-letters/replay', { reason: 'r' }),
      await call('POST', '/dead-letters/replay', { reason: 'r', filter: {}, limit: 501 }),
      await call('POST', '/dead-letters/discard', { reason: 'r', filter: { colour: 'red' } }),
    ];
    expect(invalid.map((each) => each.status)).toEqual([400, 400, 400]);
  });
});
