import { kafkaControl } from '@sagaflow/devstack';
import {
  enqueueCommitted,
  firstDeliveryOrderPerKey,
  message,
  recordTap,
  testLogger,
  uniqueName,
  waitForEmptyOutbox,
} from '@sagaflow/testkit';
import { outboxTestContext, ownKafka } from '@sagaflow/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { deadLetters } from '../schema/tables.js';
import { createRelayProducer, Relay } from './relay.js';

const context = outboxTestContext('relay-outage');
// A broker of this file's own: the outage must not reach other test files.
const own = ownKafka(context.stack, 'relay-outage');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!kafkaControl(context.stack).canInjectOutage)(
  'broker outage (needs a broker whose outage this stack controls)',
  () => {
    it('delivers a stream of 1,000 messages across a 5 s outage: none lost, per-key order intact', async ({
      annotate,
    }) => {
      const topic = uniqueName('outage');
      await own.control.createTopic(topic, 3);
      const tap = await recordTap(own.kafka, topic);
      const ackTimes: number[] = [];
      const relay = new Relay({
        pool: context.fixture.pool,
        producer: createRelayProducer(own.kafka),
        logger: testLogger,
        onPublished: (_, ackedAt) => ackTimes.push(ackedAt),
      });
      await relay.start();

      const total = 1000;
      const keys = 20;
      const perTransaction = 5;
      // A steady stream over about 4 s; the broker goes down 1 s in and stays down 5 s.
      const outage = (async () => {
        await sleep(1000);
        await own.control.brokerDown();
        await sleep(5000);
        await own.control.brokerUp();
      })();
      for (let seq = 0; seq < total; seq += perTransaction) {
        await enqueueCommitted(
          context.fixture.db,
          Array.from({ length: perTransaction }, (_, i) => message(topic, `k${(seq + i) % keys}`, seq + i)),
        );
        await sleep(20);
      }
      await outage;
      await waitForEmptyOutbox(context.fixture.db, 90_000);
      await tap.waitForDistinct(total, 60_000);
      await relay.stop();
      await tap.stop();

      const { outages } = relay.metrics();
      const longestAckGap = Math.max(...ackTimes.slice(1).map((at, i) => at - (ackTimes[i] as number)));
      await annotate(
        `no ack for ${longestAckGap} ms; ${outages} batches gave up on the broker; ${tap.records.length - total} duplicates`,
      );
      // The outage was real: writes kept committing while nothing reached the broker.
      expect(longestAckGap).toBeGreaterThanOrEqual(4000);
      expect(tap.distinctIds().size).toBe(total);
      expect(await context.fixture.db.select().from(deadLetters)).toEqual([]);
      for (const [key, seqs] of firstDeliveryOrderPerKey(tap.records)) {
        expect(seqs, `order of ${key}`).toEqual([...seqs].sort((a, b) => a - b));
        expect(seqs.length).toBe(total / keys);
      }
    });
  },
);
