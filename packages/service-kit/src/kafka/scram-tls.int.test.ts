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
const user = { username: 'kit-tls', password: randomBytes(12).toString('hex') };
const own = ownKafka(inject('devstack'), 'scram-tls', { kafkaScram: { ...user, tls: true } });
const handled: string[] = [];
/** Enqueues a CommitStock from a route and consumes the topic it goes to. */
const kit = defineService('kit-scram-tls', () => ({
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
let env: Record<string, string>;
let service: RunningService<Record<string, never>> | undefined;

const start = (extra: Record<string, string>) =>
  startService(kit, loadEnv(serviceEnv({}), { ...env, ...extra }), { logger: pino({ level: 'silent' }) });

beforeAll(async () => {
  const shared = await testEnvironment('kit_scram_tls');
  await own.control.createTopics(
    allTopics.map((topic) => ({ name: shared.topicPrefix + topic.name, partitions: topic.partitions })),
  );
  env = {
    ...shared.env,
    KAFKA_BROKERS: own.stack.kafkaBrokers.join(','),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: user.username,
    KAFKA_SASL_PASSWORD: user.password,
  };
});

afterAll(async () => {
  await service?.stop();
});

describe('a service against a Kafka that requires SCRAM over TLS', () => {
  it('refuses a plaintext client, even with the right credentials', async () => {
    const plaintext = new Kafka({
      clientId: uniqueName('plaintext'),
      brokers: own.stack.kafkaBrokers,
      sasl: { mechanism: 'scram-sha-512', ...user },
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      retry: { retries: 0 },
    }).admin();
    await expect(plaintext.connect()).rejects.toThrow();
    await plaintext.disconnect();
  });

  it('does not trust the brokers without their CA', async () => {
    await expect(start({ KAFKA_TLS: 'verify-full' })).rejects.toThrow(/self-signed|unable to verify/i);
  });

  it('with KAFKA_TLS=verify-full and the CA file, publishes an outbox message and consumes it', async () => {
    const caFile = own.stack.kafkaTlsCaFile as string;
    service = await start({ KAFKA_TLS: 'verify-full', KAFKA_TLS_CA_FILE: caFile });
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
