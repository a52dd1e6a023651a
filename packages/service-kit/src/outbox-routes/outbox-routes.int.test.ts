import { fileURLToPath } from 'node:url';
import { CommitStock, inventoryCommands, topics } from '@sagaflow/contracts';
import { bearer, KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
let service: RunningService<Record<string, never>>;
let peer: KafkaPeer;
let operator: { authorization: string };
let customer: { authorization: string };

beforeAll(async () => {
  const environment = await testEnvironment('kit_outbox_routes');
  operator = bearer(await environment.auth.operator('ann'));
  customer = bearer(await environment.auth.customer('alice'));
  service = await startService(
    defineService('kit-outbox-routes', () => ({
      schema: {},
      migrationsFolder,
      consumes: {
        topics: [topics.inventoryCommands],
        contracts: inventoryCommands,
        // A participant's shape: each command answered by a reply in the handling transaction.
        handle: async (message, tx, { incoming, sink }) => {
          const { orderId } = message.payload as { orderId: string };
          await sink.enqueue(tx, {
            topic: topics.orderSagaReplies,
            type: 'StockCommitted',
            aggregateType: 'order',
            aggregateId: orderId,
            causedBy: { ...incoming.envelope, trace: incoming.trace },
            payload: { orderId },
          });
        },
      },
      routes: () => {},
    })),
    loadEnv(serviceEnv({}), { ...environment.env, RATE_LIMIT_MAX: '0' }),
    { logger: pino({ level: 'silent' }) },
  );
  peer = new KafkaPeer(environment.stack.kafkaBrokers, environment.topicPrefix);
});

afterAll(async () => {
  await peer?.close();
  await service?.stop();
});

async function get<T = Record<string, unknown>>(
  path: string,
  as = operator,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.url}${path}`, { headers: as });
  return { status: response.status, body: (await response.json()) as T };
}

/** An outbox row the relay leaves alone: its next attempt is a day away. */
async function insertWaiting(correlationId: string, attempts: number, ageS: number): Promise<string> {
  const id = uuidv7();
  await service.pool.query(
    `insert into outbox (id, topic, key, type, schema_version, aggregate_type, aggregate_id, correlation_id,
                         causation_id, payload, headers, occurred_at, created_at, attempts, next_attempt_at, last_error)
     values ($1, $2, $3, 'ReleaseStock', 1, 'order', $3, $3, null, '{}', '{}',
             now() - make_interval(secs => $4), now() - make_interval(secs => $4), $5, now() + interval '1 day',
             $6)`,
    [id, topics.inventoryCommands, correlationId, ageS, attempts, attempts > 0 ? 'broker refused it' : null],
  );
  return id;
}

describe('the outbox, for an operator', () => {
  it('answers GET /outbox with what waits for the broker, how old it is, and the dead letters to handle', async () => {
    const empty = await get('/outbox');
    expect(empty).toEqual({
      status: 200,
      body: {
        service: 'kit-outbox-routes',
        pending: 0,
        retrying: 0,
        oldestPendingAt: null,
        oldestPendingAgeMs: null,
        deadLetters: { unhandled: 0 },
      },
    });
    const key = uuidv7();
    const ids = [
      await insertWaiting(key, 0, 60),
      await insertWaiting(key, 3, 3600),
      await insertWaiting(key, 0, 5),
    ];
    await service.pool.query(
      `insert into outbox_dead_letters (id, source, topic, reason, attempts, handled_at) values
         ($1, 'relay', 't', 'r', 1, null), ($2, 'relay', 't', 'r', 1, now())`,
      [uuidv7(), uuidv7()],
    );
    const { body } = await get<{ oldestPendingAt: string; oldestPendingAgeMs: number }>('/outbox');
    expect(body).toMatchObject({ pending: 3, retrying: 1, deadLetters: { unhandled: 1 } });
    expect(Date.now() - Date.parse(body.oldestPendingAt)).toBeGreaterThanOrEqual(3_590_000);
    expect(body.oldestPendingAgeMs).toBeGreaterThanOrEqual(3_600_000);
    expect(body.oldestPendingAgeMs).toBeLessThan(3_700_000);
    await service.pool.query('delete from outbox where id = any($1::uuid[])', [ids]);
    await service.pool.query('delete from outbox_dead_letters');
  });

  it('answers GET /messages with what the service handled, published and still holds for one saga', async () => {
    const orderId = uuidv7();
    const command = await peer.send(CommitStock, { orderId });
    let published: Array<Record<string, unknown>> = [];
    await waitFor(async () => {
      const { body } = await get<{ published: Array<Record<string, unknown>> }>(
        `/messages?correlationId=${orderId}`,
      );
      published = body.published;
      return published.length > 0;
    }, 30_000);
    const waiting = await insertWaiting(orderId, 2, 1);
    const { status, body } = await get<Record<string, unknown>>(`/messages?correlationId=${orderId}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      service: 'kit-outbox-routes',
      handled: [
        {
          messageId: command.id,
          consumerGroup: service.messaging.inbox.consumerGroup,
          type: 'CommitStock',
          processedAt: expect.any(String),
        },
      ],
      published: [
        {
          messageId: expect.any(String),
          type: 'StockCommitted',
          topic: topics.orderSagaReplies,
          causationId: command.id,
          occurredAt: expect.any(String),
          publishedAt: expect.any(String),
        },
      ],
      pending: [
        {
          messageId: waiting,
          type: 'ReleaseStock',
          topic: topics.inventoryCommands,
          causationId: null,
          occurredAt: expect.any(String),
          attempts: 2,
          lastError: 'broker refused it',
        },
      ],
    });
    const [reply] = published;
    expect(Date.parse(String(reply?.publishedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(reply?.occurredAt)),
    );
    await service.pool.query('delete from outbox where id = $1', [waiting]);

    // Another saga's messages are not this one's.
    expect((await get(`/messages?correlationId=${uuidv7()}`)).body).toMatchObject({
      handled: [],
      published: [],
      pending: [],
    });
  });

  it('refuses a missing or over-long correlation id (400) and a customer (403)', async () => {
    expect((await get('/messages')).status).toBe(400);
    expect((await get(`/messages?correlationId=${'x'.repeat(201)}`)).body).toMatchObject({
      status: 400,
      errors: [{ field: expect.stringContaining('correlationId') }],
    });
    expect((await get('/messages?correlationId=')).status).toBe(400);
    expect((await get('/outbox', customer)).status).toBe(403);
    expect((await get('/messages?correlationId=x', customer)).status).toBe(403);
  });
});
