import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { message } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { outboxMigrationsFolder } from '../migrate.js';
import { OUTBOX_CHANNEL } from './channel.js';
import { enqueue } from './enqueue.js';

const context = outboxTestContext('notify-trigger');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the outbox INSERT trigger wakes the relays', () => {
  it('names the channel the relay listens on', () => {
    const sql = readFileSync(join(outboxMigrationsFolder, '0002_outbox_notify_trigger.sql'), 'utf8');
    expect(sql).toContain(`pg_notify('${OUTBOX_CHANNEL}'`);
  });

  it('notifies once per committed transaction, at commit, and never for a rollback', async () => {
    const listener = new pg.Client({ connectionString: context.fixture.databaseUrl });
    await listener.connect();
    const received: number[] = [];
    listener.on('notification', (note) => {
      if (note.channel === OUTBOX_CHANNEL) received.push(Date.now());
    });
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    try {
      let committingAt = 0;
      await context.fixture.db.transaction(async (tx) => {
        await enqueue(tx, [message('t', 'k1', 1), message('t', 'k2', 2)]);
        await enqueue(tx, message('t', 'k1', 3));
        await sleep(200);
        expect(received).toEqual([]);
        committingAt = Date.now();
      });
      await expect(
        context.fixture.db.transaction(async (tx) => {
          await enqueue(tx, message('t', 'k3', 4));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await sleep(300);
      // Postgres folds identical notifications of one transaction into one.
      expect(received).toHaveLength(1);
      expect(received[0]).toBeGreaterThanOrEqual(committingAt);
    } finally {
      await listener.end();
    }
  });
});
