import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { allTopics, CommitStock, inventoryCommands, outgoing, topics } from '@sagaflow/contracts';
import { bearer, uniqueName, waitFor } from '@sagaflow/testkit';
import { ownKafka, testAuth, testEnvironment } from '@sagaflow/testkit/vitest';
import { Type } from '@sinclair/typebox';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
const user = { username: 'kit-service', password: randomBytes(12).toString('hex') };
const own = ownKafka(inject('devstack'), 'scram', { kafkaScram: user });
const handled: string[] = [];
const quiet = pino({ level: 'silent' });
let baseEnv: Record<string, string>;
let service: RunningService<Record<string, never>> | undefined;

/** A service that enqueues a CommitStock from a route and consumes the topic it goes to. */
const kit = defineService('kit-scram', () => ({
  schema: {},
  migrationsFolder,
  consumes: {
    topics: [topics.inventoryCommands],
    contracts: inventoryCommands,
    handle: async (message) => {
      if (message.type === 'CommitStock') handled.push(message.payload.orderId);
    },
  },
  routes: (app, { db, sink }) => {
    app.post(
      '/commits',
      { config: { access: ['operator'] }, schema: { body: Type.Object({ orderId: Type.String() }) } },
      async (request) => {
        await db.transaction((tx) =>
          sink.enqueue(tx, [outgoing(CommitStock, { orderId: request.body.orderId })]),
        );
        return { queued: true };
      },
    );
  },
}));

const start = (env: Record<string, string>) =>
  startService(kit, loadEnv(serviceEnv({}), env), { logger: quiet });

beforeAll(async () => {
  // A fresh database on the shared stack; the topics, under its prefix, on this file's broker.
  const { env, topicPrefix } = await testEnvironment('kit_scram');
  await own.control.createTopics(
    allTopics.map((topic) => ({ name: topicPrefix + topic.name, partitions: topic.partitions })),
  );
  baseEnv = { ...env, KAFKA_BROKERS: own.stack.kafkaBrokers.join(','), LOG_LEVEL: 'silent' };
});

afterAll(async () => {
  await service?.stop();
});

describe('a service against a Kafka that requires SCRAM', () => {
  it('refuses a client without credentials, and one with a wrong password', async () => {
    const client = (sasl?: { mechanism: 'scram-sha-256'; username: string; password: string }) =>
      new Kafka({
        clientId: uniqueName('intruder'),
        brokers: own.stack.kafkaBrokers,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 2_000,
        retry: { retries: 0 },
        ...(sasl === undefined ? {} : { sasl }),
      }).admin();
    const anonymous = client();
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect();
    const impostor = client({ mechanism: 'scram-sha-256', username: user.username, password: 'wrong' });
    await expect(impostor.connect()).rejects.toThrow(/authentication failed/i);
    await impostor.disconnect();
  });

  it('does not start without the credentials, naming the failure', async () => {
    await expect(
      start({
        ...baseEnv,
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: user.username,
        KAFKA_SASL_PASSWORD: 'wrong',
      }),
    ).rejects.toThrow(/authentication failed/i);
  });

  it('with KAFKA_SASL_* set, publishes an outbox message and consumes it', async () => {
    service = await start({
      ...baseEnv,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD: user.password,
    });
    // A fresh broker's group coordinator may still be loading: the consumer joins once it has.
    const url = `${service.url}/ready`;
    await waitFor(async () => (await fetch(url)).status === 200, 30_000);
    expect(await (await fetch(url)).json()).toMatchObject({ checks: { broker: 'ok', consumer: 'ok' } });
    const orderId = uuidv7();
    const answer = await fetch(`${service.url}/commits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await testAuth.operator()) },
      body: JSON.stringify({ orderId }),
    });
    expect(answer.status).toBe(200);
    await waitFor(
      () => handled.includes(orderId),
      30_000,
      () => `handled ${handled.join(', ')}`,
    );
  });
});
