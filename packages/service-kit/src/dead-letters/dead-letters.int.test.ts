import { setTimeout as sleep } from 'node:timers/promises';
import { CommitStock, topics } from '@sagaflow/contracts';
import { buildEnvelope } from '@sagaflow/outbox';
import { bearer, KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeadLetterService, startDeadLetterService } from '../testing/dead-letter-service.js';

let kit: DeadLetterService;
let peer: KafkaPeer;
let customer: { authorization: string };

beforeAll(async () => {
  const { env, stack, topicPrefix, auth } = await testEnvironment('kit_dead_letters');
  customer = bearer(await auth.customer('alice'));
  kit = await startDeadLetterService('kit-dead-letters', env, bearer(await auth.operator('ann')));
  peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
  await peer.watch(topics.inventoryCommands);
});

afterAll(async () => {
  await peer?.close();
  await kit?.service.stop();
});

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

const call = <T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  as?: { authorization: string },
): Promise<Answer<T>> => kit.call<T>(method, path, body, as);
const handle = (id: string, action: 'resolve' | 'replay', reason = 'ticket 7') =>
  kit.handle(id, action, reason);
const deadLetterOf = (key: string) => kit.deadLetterOf(key);
const effects = (orderId: string) => kit.effects(orderId);

describe('dead letters, for an operator', () => {
  it('replays a message the consumer gave up on once, through its inbox, however many operators race to replay it', async () => {
    const orderId = uuidv7();
    kit.failing.add(orderId);
    const envelope = await peer.send(CommitStock, { orderId });
    const id = await deadLetterOf(orderId);
    const read = await call<{
      envelope: { id: string };
      hasEnvelope: boolean;
      source: string;
      handled: null;
    }>('GET', `/dead-letters/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      source: 'consumer',
      hasEnvelope: true,
      handled: null,
      messageId: envelope.id,
    });
    expect(read.body.envelope).toEqual(envelope);
    kit.failing.delete(orderId);

    const answers = await Promise.all([handle(id, 'replay', 'fixed the stock'), handle(id, 'replay')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    // Whichever locks the dead letter first replays it; the other waits for its commit and is refused.
    const replayed = answers.find((answer) => answer.status === 200);
    expect(replayed?.body).toMatchObject({ handled: { action: 'replayed', by: 'operator:ann' } });
    const winner = replayed?.body as { handled: { reason: string } } | undefined;
    expect(['fixed the stock', 'ticket 7']).toContain(winner?.handled.reason);
    expect(answers.find((answer) => answer.status === 409)?.body).toMatchObject({
      status: 409,
      detail: expect.stringContaining('was replayed by operator:ann'),
    });
    // Handled by the service's own handler in the replaying transaction: the effect is
    // there when the answer is, and its inbox holds the message again, saga and type too.
    expect(await effects(orderId)).toEqual([envelope.id]);
    const { rows: inboxRows } = await kit.service.pool.query(
      'select consumer_group, correlation_id, message_type from inbox where message_id = $1',
      [envelope.id],
    );
    expect(inboxRows).toEqual([
      {
        consumer_group: `${kit.service.messaging.inbox.consumerGroup}`,
        correlation_id: orderId,
        message_type: 'CommitStock',
      },
    ]);
    // Nothing went back through the broker: the peer saw the message once, as the peer sent it.
    // (The peer's watch stalls at the unreadable record the next test sends: this test runs first.)
    await waitFor(() => peer.received.some((each) => each.id === envelope.id), 30_000);
    expect((await handle(id, 'replay')).status).toBe(409);
    await sleep(1_000);
    expect(peer.received.filter((each) => each.id === envelope.id)).toEqual([envelope]);
    expect(await effects(orderId)).toEqual([envelope.id]);
    const unhandled = await kit.service.pool.query(
      'select 1 from outbox_dead_letters where key = $1 and handled_at is null',
      [orderId],
    );
    expect(unhandled.rowCount).toBe(0);
  });

  it('resolves a dead letter with who and why, and refuses to replay one that holds only a raw value', async () => {
    const key = uuidv7();
    await peer.sendEnvelope(topics.inventoryCommands, 'not json at all', key);
    const id = await deadLetterOf(key);
    const replay = await handle(id, 'replay');
    expect(replay.status).toBe(422);
    expect(replay.body).toMatchObject({ detail: expect.stringContaining('only the raw record value') });
    expect((await call('GET', `/dead-letters/${id}`)).body).toMatchObject({
      handled: null,
      raw: 'not json at all',
    });

    const resolved = await handle(id, 'resolve', 'a test record');
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      id,
      handled: { action: 'resolved', by: 'operator:ann', reason: 'a test record' },
    });
    expect((await handle(id, 'resolve')).status).toBe(409);
    expect((await handle(id, 'replay')).status).toBe(409);
    const { rows } = await kit.service.pool.query(
      'select handled_by, handled_action, handled_reason, handled_at is not null as handled from outbox_dead_letters where id = $1',
      [id],
    );
    expect(rows[0]).toEqual({
      handled_by: 'operator:ann',
      handled_action: 'resolved',
      handled_reason: 'a test record',
      handled: true,
    });
    const ids = async (status: string) =>
      (
        await call<{ items: { id: string }[] }>('GET', `/dead-letters?status=${status}&limit=200`)
      ).body.items.map((item) => item.id);
    expect(await ids('handled')).toContain(id);
    expect(await ids('unhandled')).not.toContain(id);
    expect(await ids('all')).toContain(id);

    // The gauge counts what awaits an operator: the handled ones are left out.
    const counts = await kit.service.pool.query<{ total: number; unhandled: number }>(
      'select count(*)::int as total, (count(*) filter (where handled_at is null))::int as unhandled from outbox_dead_letters',
    );
    const { total, unhandled: awaiting } = counts.rows[0] ?? { total: 0, unhandled: 0 };
    expect(total).toBeGreaterThan(awaiting);
    const metrics = await (await fetch(kit.service.metricsUrl)).text();
    expect(metrics).toContain(`sagaflow_dead_letters{service="kit-dead-letters"} ${awaiting}\n`);
  });

  it('replays a relay’s dead letter onto the topic the outbox named, with its message id', async () => {
    const orderId = uuidv7();
    const envelope = buildEnvelope({
      id: uuidv7(),
      type: 'CommitStock',
      aggregateType: 'order',
      aggregateId: orderId,
      correlationId: orderId,
      occurredAt: new Date(),
      payload: { orderId },
    });
    const id = uuidv7();
    await kit.service.pool.query(
      `insert into outbox_dead_letters (id, message_id, source, topic, key, type, envelope, reason, attempts)
       values ($1, $2, 'relay', $3, $4, 'CommitStock', $5, 'broker refused it', 1)`,
      [id, envelope.id, topics.inventoryCommands, orderId, JSON.stringify(envelope)],
    );
    expect((await handle(id, 'replay')).status).toBe(200);
    // Consumed from the service's own topic, as the message it was: the effect carries its id.
    await waitFor(async () => (await effects(orderId)).length > 0, 30_000);
    expect(await effects(orderId)).toEqual([envelope.id]);
  });

  it('pages through every dead letter newest first, ties and microseconds apart included', async () => {
    const at = "timestamptz '2020-01-01 00:00:00.000001+00'";
    await kit.service.pool.query(
      `insert into outbox_dead_letters (id, source, topic, reason, attempts, failed_at)
       select gen_random_uuid(), 'consumer', 't', 'r', 1, ${at} + (n / 2) * interval '1 microsecond'
       from generate_series(1, 7) n`,
    );
    const expected = (
      await kit.service.pool.query<{ id: string }>(
        'select id from outbox_dead_letters order by failed_at desc, id desc',
      )
    ).rows.map((row) => row.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer<{ items: { id: string }[]; nextCursor: string | null }> = await call(
        'GET',
        `/dead-letters?status=all&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
  });

  it('answers an unknown id 404, a bad cursor or reason 400, and a customer 403', async () => {
    const unknown = uuidv4();
    expect((await call('GET', `/dead-letters/${unknown}`)).status).toBe(404);
    expect((await handle(unknown, 'resolve')).status).toBe(404);
    expect((await handle(unknown, 'replay')).status).toBe(404);
    expect((await call('GET', '/dead-letters?cursor=bm90LWEtY3Vyc29y')).body).toMatchObject({
      status: 400,
      errors: [{ field: 'querystring.cursor' }],
    });
    expect((await call('GET', '/dead-letters?limit=201')).status).toBe(400);
    expect((await handle(unknown, 'resolve', 'x'.repeat(1001))).status).toBe(400);
    expect((await call('POST', `/dead-letters/${unknown}/resolve`, {})).status).toBe(400);
    expect((await call('GET', '/dead-letters', undefined, customer)).status).toBe(403);
    expect((await call('POST', `/dead-letters/${unknown}/replay`, { reason: 'r' }, customer)).status).toBe(
      403,
    );
  });
});
