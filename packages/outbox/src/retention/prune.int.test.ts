import { outboxTestContext } from '@sagaflow/testkit/vitest';
import { sql } from 'drizzle-orm';
import { v4 as uuidv4 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { resolveDeadLetter } from '../dead-letters/resolve-dead-letter.js';
import type { OutboxTransaction } from '../enqueue/enqueue.js';
import { pruneHandledDeadLetters } from './prune-dead-letters.js';
import { pruneInbox } from './prune-inbox.js';
import { prunePublished } from './prune-published.js';

const context = outboxTestContext('retention');
const day = 86_400_000;

/** Runs `prune` one batch per transaction until a batch is short, as the service kit's pruner does. */
async function pruneAll(
  prune: (tx: OutboxTransaction, batch: { olderThanMs: number; limit: number }) => Promise<number>,
  olderThanMs: number,
  limit: number,
): Promise<{ deleted: number; batches: number }> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const rows = await context.fixture.db.transaction((tx) => prune(tx, { olderThanMs, limit }));
    batches += 1;
    deleted += rows;
    if (rows < limit) return { deleted, batches };
  }
}

async function ids(query: ReturnType<typeof sql>): Promise<string[]> {
  const result = await context.fixture.db.execute<{ id: string }>(query);
  return result.rows.map((row) => row.id).sort();
}

describe('pruning by age', () => {
  it('forgets inbox ids older than the retention, in bounded batches, and keeps younger ones', async () => {
    const group = `g-${uuidv4()}`;
    await context.fixture.db.execute(sql`
      insert into inbox (consumer_group, message_id, processed_at)
      select ${group}, 'old-' || n, now() - interval '15 days' from generate_series(1, 25) n
      union all select ${group}, 'young', now() - interval '13 days'`);
    const { deleted, batches } = await pruneAll(pruneInbox, 14 * day, 10);
    expect(deleted).toBe(25);
    expect(batches).toBe(3);
    expect(await ids(sql`select message_id as id from inbox where consumer_group = ${group}`)).toEqual([
      'young',
    ]);
  });

  it('deletes only dead letters handled longer ago than the retention; unhandled ones stay, however old', async () => {
    const [oldHandled, youngHandled, oldUnhandled, justMarked] = [uuidv4(), uuidv4(), uuidv4(), uuidv4()];
    await context.fixture.db.execute(sql`
      insert into outbox_dead_letters (id, source, topic, reason, attempts, failed_at, handled_at) values
        (${oldHandled}, 'consumer', 't', 'r', 1, now() - interval '90 days', now() - interval '31 days'),
        (${youngHandled}, 'consumer', 't', 'r', 1, now() - interval '90 days', now() - interval '29 days'),
        (${oldUnhandled}, 'consumer', 't', 'r', 1, now() - interval '400 days', null),
        (${justMarked}, 'consumer', 't', 'r', 1, now() - interval '400 days', null)`);
    const handling = { actor: 'operator:ann', reason: 'retention test' };
    const outcomes = await context.fixture.db.transaction(async (tx) => [
      await resolveDeadLetter(tx, justMarked, handling),
      await resolveDeadLetter(tx, oldHandled, handling),
    ]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['handled', 'alreadyHandled']);
    const { deleted } = await pruneAll(pruneHandledDeadLetters, 30 * day, 1);
    expect(deleted).toBe(1);
    expect(await ids(sql`select id::text from outbox_dead_letters`)).toEqual(
      [youngHandled, oldUnhandled, justMarked].sort(),
    );
  });

  it('forgets published messages older than the retention, and keeps younger ones', async () => {
    const [old, young] = [uuidv4(), uuidv4()];
    await context.fixture.db.execute(sql`
      insert into outbox_published (message_id, topic, type, correlation_id, occurred_at, published_at) values
        (${old}, 't', 'T', 'c', now() - interval '31 days', now() - interval '31 days'),
        (${young}, 't', 'T', 'c', now() - interval '31 days', now() - interval '29 days')`);
    const { deleted } = await pruneAll(prunePublished, 30 * day, 10);
    expect(deleted).toBe(1);
    expect(await ids(sql`select message_id::text as id from outbox_published`)).toEqual([young]);
  });

  it('never touches the outbox: a message not yet published stays, however old', async () => {
    const id = uuidv4();
    await context.fixture.db.execute(sql`
      insert into outbox (id, topic, key, type, schema_version, aggregate_type, aggregate_id,
                          correlation_id, payload, headers, occurred_at, created_at)
      values (${id}, 't', 'k', 'T', 1, 'a', 'k', 'c', '{}', '{}', now() - interval '400 days',
              now() - interval '400 days')`);
    await pruneAll(pruneInbox, 1, 100);
    await pruneAll(pruneHandledDeadLetters, 1, 100);
    await pruneAll(prunePublished, 1, 100);
    expect(await ids(sql`select id::text from outbox`)).toContain(id);
  });
});
