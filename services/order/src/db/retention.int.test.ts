import { waitFor } from '@sagaflow/testkit';
import { v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';

let fixture: OrderFixture;

beforeAll(async () => {
  fixture = await startOrderFixture('retention', {
    RETENTION_INTERVAL_MS: '200',
    RETENTION_BATCH_ROWS: '2',
    INBOX_RETENTION_SECONDS: '3600',
    PUBLICATION_RETENTION_SECONDS: '7200',
    DEAD_LETTER_RETENTION_SECONDS: '3600',
  });
});
afterAll(() => fixture?.close());

async function count(query: string): Promise<number> {
  const { rows } = await fixture.service.pool.query<{ n: number }>(query);
  return rows[0]?.n ?? 0;
}

describe('the order service’s pruner', () => {
  it('prunes old inbox ids, published messages (the kit’s, read for the timeline) and handled dead letters on its interval, by its settings', async () => {
    const { pool } = fixture.service;
    await pool.query(`
      insert into inbox (consumer_group, message_id, processed_at)
      select 'retention-test', 'old-' || n, now() - interval '2 hours' from generate_series(1, 5) n
      union all select 'retention-test', 'young', now() - interval '50 minutes'`);
    const [young, old] = [uuidv4(), uuidv4()];
    await pool.query(
      `insert into outbox_published (message_id, topic, type, correlation_id, occurred_at, published_at) values
         ($1, 't', 'T', 'c', now() - interval '90 minutes', now() - interval '90 minutes'),
         ($2, 't', 'T', 'c', now() - interval '3 hours', now() - interval '3 hours')`,
      [young, old],
    );
    await pool.query(`
      insert into outbox_dead_letters (id, source, topic, reason, attempts, failed_at, handled_at) values
        ('${uuidv4()}', 'consumer', 'old-handled', 'r', 1, now() - interval '3 hours', now() - interval '2 hours'),
        ('${uuidv4()}', 'consumer', 'young-handled', 'r', 1, now() - interval '3 hours', now() - interval '10 minutes'),
        ('${uuidv4()}', 'consumer', 'unhandled', 'r', 1, now() - interval '300 days', null)`);

    await waitFor(
      async () =>
        (await count(`select count(*)::int as n from inbox where message_id like 'old-%'`)) === 0 &&
        (await count(`select count(*)::int as n from outbox_published where message_id = '${old}'`)) === 0 &&
        (await count(`select count(*)::int as n from outbox_dead_letters where topic = 'old-handled'`)) === 0,
      30_000,
      () => 'old rows are still there',
    );
    expect(await count(`select count(*)::int as n from inbox where message_id = 'young'`)).toBe(1);
    expect(await count(`select count(*)::int as n from outbox_published where message_id = '${young}'`)).toBe(
      1,
    );
    const kept = await pool.query<{ topic: string }>('select topic from outbox_dead_letters order by topic');
    expect(kept.rows.map((row) => row.topic)).toEqual(['unhandled', 'young-handled']);
  });
});
