import {
  enqueueCommitted,
  message,
  recordTap,
  testLogger,
  uniqueName,
  waitFor,
  waitForEmptyOutbox,
} from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { EnqueueOutsideTransactionError, enqueue, type OutboxTransaction } from '../enqueue/enqueue.js';
import { deadLetters, outbox, outboxPublished } from '../schema/tables.js';
import { createRelayProducer, Relay, type RelayOptions } from './relay.js';

const context = outboxTestContext('relay-int');
const { control, kafka } = context;

function relay(options: Partial<RelayOptions> = {}): Relay {
  return new Relay({
    pool: context.fixture.pool,
    producer: createRelayProducer(kafka),
    logger: testLogger,
    ...options,
  });
}

describe('relay', () => {
  it('publishes a committed transaction exactly once and nothing of a rolled-back one', async () => {
    const topic = uniqueName('commit');
    await control.createTopic(topic, 3);
    const tap = await recordTap(kafka, topic);
    const running = relay();
    await running.start();
    try {
      await expect(
        context.fixture.db.transaction(async (tx) => {
          await enqueue(tx, [message(topic, 'rolled-back', 0), message(topic, 'rolled-back', 1)]);
          throw new Error('business rule failed');
        }),
      ).rejects.toThrow('business rule failed');
      await enqueueCommitted(context.fixture.db, [
        message(topic, 'a', 0),
        message(topic, 'a', 1),
        message(topic, 'b', 0),
      ]);
      await tap.waitForDistinct(3);
      await waitForEmptyOutbox(context.fixture.db);
      // The rolled-back messages would have been enqueued first; give a stray copy time to show.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(tap.records.map((record) => `${record.key}:${record.seq}`).sort()).toEqual([
        'a:0',
        'a:1',
        'b:0',
      ]);
      const [first] = tap.records;
      expect(first?.value).toMatchObject({ type: 'TestEvent', aggregateType: 'test', schemaVersion: 1 });
    } finally {
      await running.stop();
      await tap.stop();
    }
  });

  it('publishes the very envelope enqueue returned', async () => {
    const topic = uniqueName('envelope');
    await control.createTopic(topic, 1);
    const tap = await recordTap(kafka, topic);
    const running = relay();
    await running.start();
    try {
      const causedBy = { id: '0193c0de-0000-7000-8000-0000000000c0', correlationId: 'saga-c' };
      const [enqueued] = await context.fixture.db.transaction((tx) =>
        enqueue(tx, { ...message(topic, 'c', 0, { note: 'ünïcödé', nested: { b: [1, 2.5] } }), causedBy }),
      );
      await tap.waitForDistinct(1);
      expect(tap.records[0]?.value).toEqual(enqueued);
    } finally {
      await running.stop();
      await tap.stop();
    }
  });

  it('records each published message in outbox_published, with its correlation and causation ids', async () => {
    const topic = uniqueName('published');
    await control.createTopic(topic, 1);
    const tap = await recordTap(kafka, topic);
    const running = relay();
    await running.start();
    try {
      const before = await context.fixture.db.execute<{ now: Date }>(sql`select now() as now`);
      const key = uniqueName('saga');
      const causedBy = { id: '0193c0de-0000-7000-8000-0000000000d0', correlationId: `saga-${key}` };
      const [enqueued] = await context.fixture.db.transaction((tx) =>
        enqueue(tx, { ...message(topic, key, 0), causedBy }),
      );
      await tap.waitForDistinct(1);
      await waitForEmptyOutbox(context.fixture.db);
      const rows = await context.fixture.db
        .select()
        .from(outboxPublished)
        .where(eq(outboxPublished.correlationId, `saga-${key}`));
      expect(rows).toEqual([
        {
          messageId: enqueued?.id,
          topic,
          type: 'TestEvent',
          correlationId: `saga-${key}`,
          causationId: causedBy.id,
          occurredAt: new Date(enqueued?.occurredAt ?? 0),
          publishedAt: expect.any(Date),
        },
      ]);
      const startedAt = before.rows[0]?.now;
      expect(rows[0]?.publishedAt.getTime()).toBeGreaterThanOrEqual(new Date(startedAt ?? 0).getTime());
    } finally {
      await running.stop();
      await tap.stop();
    }
  });

  it('refuses to enqueue outside a transaction', async () => {
    const notATransaction = context.fixture.db as unknown as OutboxTransaction;
    await expect(enqueue(notATransaction, message('t', 'k', 0))).rejects.toBeInstanceOf(
      EnqueueOutsideTransactionError,
    );
    const [row] = await context.fixture.db.select({ count: sql<number>`count(*)::int` }).from(outbox);
    expect(row?.count).toBe(0);
  });

  it('on stop finishes the batch in flight: every row is either deleted and published, or pending', async () => {
    const topic = uniqueName('stop');
    await control.createTopic(topic, 3);
    const total = 3000;
    const messages = Array.from({ length: total }, (_, seq) => message(topic, `k${seq % 30}`, seq));
    await enqueueCommitted(context.fixture.db, messages);
    const tap = await recordTap(kafka, topic);
    let acked = 0;
    const running = relay({ batchSize: 200, onPublished: (published) => (acked += published.length) });
    await running.start();
    await waitFor(() => acked > 0, 30_000);
    await running.stop();
    const pending = await context.fixture.db.select({ id: outbox.id }).from(outbox);
    await tap.waitForDistinct(total - pending.length);
    const published = tap.distinctIds();
    expect(pending.some((row) => published.has(row.id))).toBe(false);
    expect(published.size + pending.length).toBe(total);
    // Each message is in exactly one of the two tables: deleted and recorded in one statement.
    const recorded = await context.fixture.db
      .select({ id: outboxPublished.messageId })
      .from(outboxPublished)
      .where(eq(outboxPublished.topic, topic));
    expect(new Set(recorded.map((row) => row.id))).toEqual(published);
    await tap.stop();
    await context.fixture.db.delete(outbox);
  });

  it('moves a message the broker keeps refusing to dead letters while other keys flow', async () => {
    const healthy = uniqueName('healthy');
    const poisoned = uniqueName('poisoned');
    await control.createTopic(healthy, 3);
    await control.createTopic(poisoned, 1);
    const tap = await recordTap(kafka, healthy);
    const running = relay({ maxAttempts: 3, retryBackoff: { baseMs: 50, maxMs: 200 } });
    await running.start();
    // The broker refuses a record over message.max.bytes (1 MB by default).
    const poison = message(poisoned, 'poison', 0, { blob: 'x'.repeat(2_000_000) });
    try {
      await enqueueCommitted(context.fixture.db, [
        poison,
        ...Array.from({ length: 50 }, (_, seq) => message(healthy, `k${seq % 5}`, seq)),
      ]);
      await tap.waitForDistinct(50);
      await waitForEmptyOutbox(context.fixture.db);
      const [dead] = await context.fixture.db
        .select()
        .from(deadLetters)
        .where(eq(deadLetters.topic, poisoned));
      expect(dead).toMatchObject({ source: 'relay', key: 'poison', attempts: 3 });
      const recorded = await context.fixture.db
        .select({ id: outboxPublished.messageId })
        .from(outboxPublished)
        .where(eq(outboxPublished.topic, poisoned));
      expect(recorded).toEqual([]);
      expect(dead?.reason).toMatch(/MESSAGE_TOO_LARGE|too large/i);
      expect(running.metrics()).toMatchObject({ deadLettered: 1, refused: 3 });
    } finally {
      await running.stop();
      await tap.stop();
    }
  });
});
