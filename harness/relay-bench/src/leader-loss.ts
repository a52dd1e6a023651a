/**
 * pnpm proof:leader-loss [--json] [--acks -1,1] [--runs N] [--messages N]
 *
 * The leader-loss proof of relay/leader-loss.int.test.ts, run at will and for acks=1
 * too: three Apache Kafka nodes, every partition led by one of them, SIGKILLed
 * during a stream of outbox messages. acks=1 acknowledges a record once the leader
 * alone has it, so the records it acknowledged but had not yet handed to a
 * follower die with it: that is the evidence for the relay's acks=-1. Prints one
 * line per run; with --json the last line holds them all.
 */
import { parseArgs } from 'node:util';
import { startDevstack } from '@sagaflow/devstack';
import { type LeaderLossResult, outboxDatabase, runLeaderLoss, uniqueName } from '@sagaflow/testkit';
import { pino } from 'pino';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    acks: { type: 'string', default: '-1,1' },
    runs: { type: 'string', default: '3' },
    messages: { type: 'string', default: '10000' },
  },
});
const acksList = String(args.acks)
  .split(',')
  .map((value) => {
    const acks = Number(value);
    if (acks !== -1 && acks !== 1) throw new Error(`--acks takes -1 and 1, got ${value}`);
    return acks as -1 | 1;
  });
const runs = Number(args.runs);
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
const stack = await startDevstack({ logger, kafkaBrokerCount: 3 });
if (stack.kafka.kind !== 'apache-kafka') {
  await stack.stop();
  throw new Error(`the leader-loss proof needs embedded Apache Kafka; this stack runs ${stack.kafka.kind}`);
}
const results: LeaderLossResult[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    for (const acks of acksList) {
      const fixture = await outboxDatabase(stack, uniqueName('leader_loss'));
      try {
        const result = await runLeaderLoss({ stack, fixture, logger, acks, messages: Number(args.messages) });
        results.push(result);
        process.stderr.write(
          `run ${run} acks=${acks}: ${result.lost} lost of ${result.messages}, ${result.duplicates} duplicates, ` +
            `${result.keysOutOfOrder.length} keys out of order, ${result.deadLettered} dead letters, ` +
            `no ack for ${result.longestAckGapMs} ms\n`,
        );
      } finally {
        await fixture.close();
      }
    }
  }
} finally {
  await stack.stop();
}
if (args.json) process.stdout.write(`${JSON.stringify({ kafka: stack.kafka, runs: results })}\n`);
