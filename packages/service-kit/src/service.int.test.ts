import { fileURLToPath } from 'node:url';
import { CommitStock, inventoryCommands, outgoing, topics } from '@sagaflow/contracts';
import { bearer, KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from './config/env.js';
import { ProblemError } from './http/problem.js';
import { defineService, type RunningService, startService } from './service.js';

const migrationsFolder = fileURLToPath(new URL('./testing/fixtures/empty-migrations', import.meta.url));
const handled: string[] = [];
let service: RunningService<Record<string, never>>;
let peer: KafkaPeer;
let operator: { authorization: string };

beforeAll(async () => {
  const { env, stack, topicPrefix, auth } = await testEnvironment('kit');
  operator = bearer(await auth.operator());
  service = await startService(
    defineService('kit', () => ({
      schema: {},
      migrationsFolder,
      consumes: {
        topics: [topics.inventoryCommands],
        contracts: inventoryCommands,
        handle: async (message, tx, { sink }) => {
          handled.push(message.type);
          if (message.type === 'CommitStock')
            await sink.enqueue(
              tx,
              [outgoing(CommitStock, { orderId: message.payload.orderId })].map((m) => ({
                ...m,
                topic: topics.orderEvents,
              })),
            );
        },
      },
      routes: (app) => {
        app.post(
          '/things',
          {
            config: { access: ['operator'] },
            schema: {
              body: Type.Object({ count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
            },
          },
          async (request) => {
            if (request.body.count === 13) throw new ProblemError(422, 'Unlucky', 'count may not be 13');
            if (request.body.count === 500) throw new Error('secret internal detail');
            return { count: request.body.count };
          },
        );
      },
    })),
    loadEnv(serviceEnv({}), env),
    { logger: pino({ level: 'silent' }) },
  );
  peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
  await peer.watch(topics.orderEvents);
});

afterAll(async () => {
  await peer?.close();
  await service?.stop();
});

describe('a service built with the kit', () => {
  it('is live and ready', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', broker: 'ok' } });
  });

  it('answers a route’s caller without a token 401, before reading the body', async () => {
    const anonymous = await fetch(`${service.url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"count":',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="sagaflow"');
    expect(await anonymous.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('answers bad input with problem+json naming the field, and hides 5xx causes', async () => {
    const post = (body: string) =>
      fetch(`${service.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operator },
        body,
      });
    const unknownField = await post('{"count":1,"extra":true}');
    expect(unknownField.status).toBe(400);
    expect(unknownField.headers.get('content-type')).toContain('application/problem+json');
    expect(await unknownField.json()).toMatchObject({ status: 400, errors: [{ field: 'body.extra' }] });
    const wrongType = await post('{"count":"1"}');
    expect(await wrongType.json()).toMatchObject({ status: 400, errors: [{ field: 'body.count' }] });
    expect((await post('{"count":')).status).toBe(400);
    expect((await post('{"count":13}')).status).toBe(422);
    const failure = await post('{"count":500}');
    expect(failure.status).toBe(500);
    expect(JSON.stringify(await failure.json())).not.toContain('secret');
    expect((await fetch(`${service.url}/nowhere`)).status).toBe(404);
  });

  it('consumes valid messages, dead-letters invalid ones, and publishes what handlers enqueue', async () => {
    const orderId = uuidv7();
    await peer.send(CommitStock, { orderId });
    await peer.sendEnvelope(topics.inventoryCommands, '{"not":"an envelope"}');
    await peer.waitForType('CommitStock', orderId);
    expect(handled).toEqual(['CommitStock']);
    // The poison is keyless, so it may sit on another partition, handled in parallel.
    const deadLetters = () =>
      service.pool.query<{ reason: string }>('SELECT reason FROM outbox_dead_letters').then((r) => r.rows);
    await waitFor(
      async () => (await deadLetters()).length > 0,
      10_000,
      () => 'no dead letter yet',
    );
    const rows = await deadLetters();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.reason).toContain('not a valid envelope');
  });
});
