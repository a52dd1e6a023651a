import { describe, expect, it } from 'vitest';
import { consumerLag } from './metrics-consumer-lag.js';

describe('consumerLag', () => {
  it('is the high watermark less the committed offset, per partition', () => {
    const lag = consumerLag(
      [
        {
          topic: 'replies',
          partitions: [
            { partition: 0, offset: '7' },
            { partition: 1, offset: '40' },
          ],
        },
      ],
      [
        {
          topic: 'replies',
          partitions: [
            { partition: 0, low: '0', high: '10' },
            { partition: 1, low: '0', high: '40' },
          ],
        },
      ],
    );
    expect(lag).toEqual([
      { topic: 'replies', partition: 0, lag: 3 },
      { topic: 'replies', partition: 1, lag: 0 },
    ]);
  });

  it('counts from the earliest offset where the group committed nothing', () => {
    const lag = consumerLag(
      [{ topic: 'replies', partitions: [{ partition: 0, offset: '-1' }] }],
      [
        {
          topic: 'replies',
          partitions: [
            { partition: 0, low: '5', high: '12' },
            { partition: 1, low: '0', high: '2' },
          ],
        },
      ],
    );
    expect(lag).toEqual([
      { topic: 'replies', partition: 0, lag: 7 },
      { topic: 'replies', partition: 1, lag: 2 },
    ]);
  });

  it('never goes below 0, and keeps offsets past 2^53 exact', () => {
    const big = (2n ** 60n).toString();
    const lag = consumerLag(
      [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '9' },
            { partition: 1, offset: big },
          ],
        },
      ],
      [
        {
          topic: 't',
          partitions: [
            { partition: 0, low: '0', high: '4' },
            { partition: 1, low: '0', high: (2n ** 60n + 5n).toString() },
          ],
        },
      ],
    );
    expect(lag.map((each) => each.lag)).toEqual([0, 5]);
  });
});
