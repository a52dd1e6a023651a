import { runLeaderLoss, testLogger } from '@sagaflow/testkit';
import { outboxTestContext, ownKafka } from '@sagaflow/testkit/vitest';
import { describe, expect, it } from 'vitest';

const context = outboxTestContext('leader-loss');
// Leader election needs a real cluster: three Apache Kafka nodes of this file's own.
const realCluster = context.stack.kafka.kind === 'apache-kafka';
const cluster = ownKafka(context.stack, 'leader-loss', { kafkaBrokerCount: 3, when: realCluster });

describe.skipIf(!realCluster)(
  `leader loss (needs embedded Apache Kafka; this stack runs ${context.stack.kafka.kind})`,
  () => {
    it('SIGKILL of the leader of every partition during 10,000 messages over 100 keys: none lost, every key in order', async ({
      annotate,
    }) => {
      const result = await runLeaderLoss({
        stack: cluster.stack,
        fixture: context.fixture,
        logger: testLogger,
        acks: -1,
      });
      await annotate(
        `${result.duplicates} duplicates; no ack for ${result.longestAckGapMs} ms around the kill; ` +
          `${result.outages} batches waited for a leader; ${result.durationMs} ms`,
      );
      // The kill happened while the relay was publishing: acks stopped until a follower led.
      expect(result.longestAckGapMs).toBeGreaterThan(1_000);
      expect(result.lost).toBe(0);
      expect(result.keysOutOfOrder).toEqual([]);
      expect(result.deadLettered).toBe(0);
    }, 300_000);
  },
);
