import { fileURLToPath } from 'node:url';
import { CommitStock, inventoryCommands, outgoing, topics } from '@sagaflow/contracts';
import type { OutboxDatabase, OutboxTransaction, OutgoingMessage } from '@sagaflow/outbox';
import { KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';
import { type MessageSinkFactory, outboxSink } from './sink.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));

// A sink that keeps what it is given, in the transactions of the database it wraps.
const kept: { tx: OutboxTransaction; messages: readonly OutgoingMessage[] }[] = [];
const wrapped = new WeakSet<object>();
let closed = false;
const keepingSink: MessageSinkFactory = async () => ({
  sink: {
    enqueue: async (tx, messages) => {
      kept.push({ tx, messages: Array.isArray(messages) ? messages : [messages as OutgoingMessage] });
      return [];
    },
  },
  database: <TDb extends OutboxDatabase>(db: TDb): TDb => {
    const transaction: OutboxDatabase['transaction'] = (work, config) =>
      db.transaction((tx) => {
        wrapped.add(tx);
        return work(tx);
      }, config);
    return Object.assign(Object.create(db) as TDb, { transaction });
  },
  close: async () => {
    closed = true;
  },
});

let service: RunningService<Record<string, never>>;
let peer: KafkaPeer;

beforeAll(async () => {
  const { env, stack, topicPrefix } = await testEnvironment('kit_sink');
  service = await startService(
    defineService('kit-sink', () => ({
      schema: {},
      migrationsFolder,
      consumes: {
        topics: [topics.inventoryCommands],
        contracts: inventoryCommands,
        handle: async (message, tx, { sink }) => {
          await sink.enqueue(tx, { ...outgoing(CommitStock, message.payload), topic: topics.orderEvents });
        },
      },
      routes: () => {},
    })),
    loadEnv(serviceEnv({}), env),
    { logger: pino({ level: 'silent' }), sink: keepingSink },
  );
  peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
});

afterAll(async () => {
  await peer?.close();
  await service?.stop();
});

describe('a sink handed to the kit', () => {
  it('takes what handlers enqueue, in the transactions of the database it wrapped, and is closed on stop', async () => {
    expect(service.sink).not.toBe(outboxSink);
    const orderId = uuidv7();
    await peer.send(CommitStock, { orderId });
    await waitFor(
      async () => kept.length > 0,
      30_000,
      () => 'the handler enqueued nothing yet',
    );
    expect(kept[0]?.messages.map((message) => message.aggregateId)).toEqual([orderId]);
    expect(wrapped.has(kept[0]?.tx as object)).toBe(true);
    const { rows } = await service.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    expect(rows[0]?.n).toBe(0);
    await service.stop();
    expect(closed).toBe(true);
  });
});
