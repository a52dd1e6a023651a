import { fileURLToPath } from 'node:url';
import { CommitStock, inventoryCommands, topics } from '@sagaflow/contracts';
import { KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { type Consumer, Kafka, logLevel, PartitionAssigners } from 'kafkajs';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
let service: RunningService<Record<string, never>> | undefined;
let foreign: Consumer | undefined;
let peer: KafkaPeer | undefined;

afterAll(async () => {
  await foreign?.disconnect();
  await peer?.close();
  await service?.stop();
});

/**
 * A member of the service's consumer group that speaks another partition-assignment
 * protocol, as another deployment sharing the group id would: the broker refuses the
 * service's consumer INCONSISTENT_GROUP_PROTOCOL, which kafkajs does not retry.
 */
async function joinAsForeignMember(brokers: string[], groupId: string, topic: string): Promise<Consumer> {
  const kafka = new Kafka({ clientId: 'foreign', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [(config) => ({ ...PartitionAssigners.roundRobin(config), name: 'ForeignAssigner' })],
  });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic });
  await consumer.run({ autoCommit: false, eachMessage: async () => {} });
  await joined;
  return consumer;
}

async function readiness(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(`${url}/ready`);
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

describe('readiness while the consumer is down', () => {
  it('is 503 naming the consumer until it restarted by itself, then the consumer handles messages', async () => {
    const { env, stack, topicPrefix } = await testEnvironment('ready');
    foreign = await joinAsForeignMember(
      stack.kafkaBrokers,
      `${topicPrefix}ready`,
      topicPrefix + topics.inventoryCommands,
    );
    const handled: string[] = [];
    service = await startService(
      defineService('ready', () => ({
        schema: {},
        migrationsFolder,
        consumes: {
          topics: [topics.inventoryCommands],
          contracts: inventoryCommands,
          handle: async (message) => {
            handled.push(message.payload.orderId);
          },
        },
        routes: () => {},
      })),
      loadEnv(serviceEnv({}), env),
      { logger: pino({ level: 'silent' }) },
    );
    const { url } = service;

    await waitFor(
      async () => (await readiness(url)).status === 503,
      30_000,
      () => 'still ready',
    );
    const down = await readiness(url);
    expect(down.body).toMatchObject({ status: 503, detail: expect.stringMatching(/consumer: crashed/) });
    expect(down.body.detail).toMatch(/INCONSISTENT_GROUP_PROTOCOL/);
    expect(down.body.detail).not.toMatch(/database|broker/);

    await foreign.disconnect();
    foreign = undefined;
    await waitFor(
      async () => (await readiness(url)).status === 200,
      60_000,
      () => 'not ready again',
    );

    peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
    const orderId = uuidv7();
    await peer.send(CommitStock, { orderId });
    await waitFor(
      async () => handled.includes(orderId),
      30_000,
      () => 'not handled after the restart',
    );
  });
});
