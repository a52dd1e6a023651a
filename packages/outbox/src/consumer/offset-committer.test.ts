import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { OffsetCommitter } from './offset-committer.js';

function committer(fail = false) {
  let clock = 1_000;
  const commits: TopicPartitionOffsetAndMetadata[][] = [];
  const instance = new OffsetCommitter(
    async (offsets) => {
      if (fail) throw new Error('REBALANCE_IN_PROGRESS');
      commits.push(offsets);
    },
    250,
    pino({ level: 'silent' }),
    () => clock,
  );
  return { instance, commits, advance: (ms: number) => (clock += ms) };
}

describe('OffsetCommitter', () => {
  it('commits the next offset of each partition at most once per interval', async () => {
    const { instance, commits, advance } = committer();
    instance.consumed('t', 0, '4');
    await instance.commitIfDue();
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '5' }]]);
    instance.consumed('t', 0, '9');
    instance.consumed('t', 1, '2');
    advance(100);
    await instance.commitIfDue();
    expect(commits).toHaveLength(1);
    advance(150);
    await instance.commitIfDue();
    expect(commits[1]).toEqual([
      { topic: 't', partition: 0, offset: '10' },
      { topic: 't', partition: 1, offset: '3' },
    ]);
  });

  it('flushes whatever is pending, and nothing when nothing is', async () => {
    const { instance, commits } = committer();
    await instance.flush();
    expect(commits).toEqual([]);
    instance.consumed('t', 3, '99999999999999999');
    await instance.flush();
    expect(commits).toEqual([[{ topic: 't', partition: 3, offset: '100000000000000000' }]]);
  });

  it('drops offsets the group refuses instead of throwing', async () => {
    const { instance } = committer(true);
    instance.consumed('t', 0, '1');
    await expect(instance.flush()).resolves.toBeUndefined();
  });
});
