import { decodeEnvelope, EnqueueOutsideTransactionError, outbox } from '@sagaflow/outbox';
import { message, recordTap, testLogger, uniqueName } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDualWriteProducer, dualWrite } from './dual-write.js';

const context = outboxTestContext('dual-write');
const { control, kafka } = context;
const producer = createDualWriteProducer(kafka);

beforeAll(async () => {
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
});

describe('dual-write baseline', () => {
  it('sends what a transaction enqueued after it commits, and writes no outbox row', async () => {
    const topic = uniqueName('dual');
    await control.createTopic(topic, 3);
    const tap = await recordTap(kafka, topic);
    const { sink, database } = dualWrite({ producer, logger: testLogger });
    const db = database(context.fixture.db);

    const envelopes = await db.transaction((tx) =>
      sink.enqueue(tx, [message(topic, 'k1', 1), message(topic, 'k2', 2)]),
    );
    await tap.waitForDistinct(2, 30_000);
    await tap.stop();

    expect(await context.fixture.db.select().from(outbox)).toEqual([]);
    const received = tap.records.map((record) => decodeEnvelope(JSON.stringify(record.value)));
    expect(received.map((result) => result.ok && result.envelope.id).sort()).toEqual(
      envelopes.map((envelope) => envelope.id).sort(),
    );
    expect(tap.records.map((record) => record.headers['message-type'])).toEqual(['TestEvent', 'TestEvent']);
  });

  it('sends nothing when the transaction rolls back', async () => {
    const topic = uniqueName('dual_rollback');
    await control.createTopic(topic, 1);
    const sent: string[] = [];
    const { sink, database } = dualWrite({
      producer: {
        ...producer,
        sendBatch: async (batch) => {
          sent.push(...(batch.topicMessages ?? []).map((entry) => entry.topic));
          return producer.sendBatch(batch);
        },
      },
      logger: testLogger,
    });
    const db = database(context.fixture.db);
    await expect(
      db.transaction(async (tx) => {
        await sink.enqueue(tx, message(topic, 'k', 1));
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');
    expect(sent).toEqual([]);
  });

  // The defect the baseline exists to show: the commit stands, the message is gone.
  it('loses the message when the send after commit fails', async () => {
    const topic = uniqueName('dual_lost');
    const { sink, database } = dualWrite({
      producer: {
        ...producer,
        sendBatch: async () => {
          throw new Error('broker unreachable');
        },
      },
      logger: testLogger,
    });
    const db = database(context.fixture.db);
    let committed = false;
    await expect(
      db.transaction(async (tx) => {
        await sink.enqueue(tx, message(topic, 'k', 1));
        committed = true;
      }),
    ).rejects.toThrow('broker unreachable');
    expect(committed).toBe(true);
    expect(await context.fixture.db.select().from(outbox)).toEqual([]);
  });

  it('refuses a transaction it was not handed, which it could never send after', async () => {
    const { sink } = dualWrite({ producer, logger: testLogger });
    await expect(
      context.fixture.db.transaction((tx) => sink.enqueue(tx, message('t', 'k', 1))),
    ).rejects.toBeInstanceOf(EnqueueOutsideTransactionError);
  });
});
