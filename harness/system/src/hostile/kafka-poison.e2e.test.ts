import { uniqueName, waitFor } from '@sagaflow/testkit';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { System } from '../launcher/launcher.js';
import { launchTestSystem } from '../testing/launch.js';
import { type Poison, poisonFor, type Target, targets } from './poison.js';

// Every kind of poison on every topic a sagaflow service consumes, against the three
// services as OS processes. order.events is not among them: no sagaflow service
// consumes it, so there is no consumer of ours to poison there.
const limitBytes = 1024 * 1024;
// Over the limit and over kafkajs's default 1 MiB per partition; the consumed topics
// are opened to 4 MiB records, so the services' own limit is what stops it.
const oversizedBytes = 2_000_123;
const topicMaxBytes = 4 * limitBytes;
const timeoutMs = 180_000;
let system: System;

beforeAll(async () => {
  system = await launchTestSystem('hostile', { KAFKA_MAX_MESSAGE_BYTES: String(limitBytes) });
}, timeoutMs);

afterAll(async () => {
  await system?.stop();
}, 60_000);

interface DeadLetter {
  topic: string;
  key: string | null;
  reason: string;
  raw: string | null;
}

async function deadLettersOf(target: Target): Promise<DeadLetter[]> {
  const client = new pg.Client({ connectionString: system.databaseUrls[target.service] });
  await client.connect();
  try {
    const { rows } = await client.query<DeadLetter>(
      'SELECT topic, key, reason, raw FROM outbox_dead_letters ORDER BY key NULLS FIRST',
    );
    return rows;
  } finally {
    await client.end();
  }
}

const byKey = (a: { key: string | null }, b: { key: string | null }) =>
  (a.key ?? '').localeCompare(b.key ?? '');

describe('hostile Kafka input', () => {
  it(
    'dead-letters every kind of poison on every consumed topic with its reason, and the saga still completes',
    async () => {
      const poison = new Map<Target, Poison[]>(
        targets.map((target) => [target, poisonFor(target, limitBytes, oversizedBytes)]),
      );
      const kafka = new Kafka({
        clientId: uniqueName('poisoner'),
        brokers: system.stack.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      await admin.connect();
      // librdkafka's mock has no topic configs, and takes such records as they come.
      if (system.stack.kafka.kind !== 'librdkafka-mock')
        await admin.alterConfigs({
          validateOnly: false,
          resources: targets.map((target) => ({
            type: ConfigResourceTypes.TOPIC,
            name: system.topicPrefix + target.topic,
            configEntries: [{ name: 'max.message.bytes', value: String(topicMaxBytes) }],
          })),
        });
      await admin.disconnect();
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      try {
        for (const [target, records] of poison) {
          for (const record of records) {
            await producer.send({
              topic: system.topicPrefix + target.topic,
              acks: -1,
              messages: [{ key: record.key, value: record.value, headers: record.headers ?? {} }],
            });
          }
        }
      } finally {
        await producer.disconnect();
      }

      // A record that stopped its partition or crashed its consumer would never get here.
      for (const [target, records] of poison) {
        await waitFor(
          async () => (await deadLettersOf(target)).length >= records.length,
          60_000,
          () =>
            `${target.service} did not dead-letter all ${records.length} poison records on ${target.topic}`,
        );
      }

      // The consumers kept going: a normal order still runs through all three services.
      const { client } = system;
      const sku = uniqueName('sku');
      const customerId = uniqueName('customer');
      await client.seedProduct(sku, { name: 'Antidote', priceCents: 500, onHand: 5 });
      await client.seedWallet(customerId, 10_000);
      const { id } = await client.placeOrder({ customerId, items: [{ sku, quantity: 1 }] });
      const view = await client.waitForOrder(id, (order) => order.order.status === 'confirmed', 60_000);
      expect(view.order.status).toBe('confirmed');

      // Exactly the poison, each with the reason that names its problem: nothing else.
      for (const [target, records] of poison) {
        const dead = await deadLettersOf(target);
        const expected = records
          .map((record) => ({
            kind: record.kind,
            topic: system.topicPrefix + target.topic,
            key: record.key,
            reason: typeof record.reason === 'string' ? record.reason : expect.stringMatching(record.reason),
          }))
          .sort(byKey);
        const actual = dead
          .map((row) => ({
            kind: records.find((record) => record.key === row.key)?.kind,
            topic: row.topic,
            key: row.key,
            reason: row.reason,
          }))
          .sort(byKey);
        expect(actual).toEqual(expected);
        // An oversized record keeps only a prefix of its value.
        const huge = records.find((record) => record.kind === 'oversized');
        const hugeRow = dead.find((row) => row.key === huge?.key);
        expect(hugeRow?.raw?.length).toBeLessThanOrEqual(1025);
        expect(hugeRow?.raw?.startsWith('{"id":"')).toBe(true);
      }
    },
    timeoutMs,
  );
});
