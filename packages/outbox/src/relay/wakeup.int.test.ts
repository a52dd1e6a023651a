import { setTimeout as sleep } from 'node:timers/promises';
import { testLogger, waitFor } from '@sagaflow/testkit';
import { outboxTestContext } from '@sagaflow/testkit/vitest';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OUTBOX_CHANNEL } from '../enqueue/channel.js';
import { WakeupListener } from './wakeup.js';

const context = outboxTestContext('wakeup');

/** Ends, from a connection of its own, the backends of this database whose last statement was `statement`. */
async function terminate(statement: string): Promise<number> {
  const killer = new pg.Client({ connectionString: context.fixture.databaseUrl });
  await killer.connect();
  try {
    const { rows } = await killer.query<{ pid: number }>(
      `select pid from pg_stat_activity
       where datname = current_database() and query = $1 and pid <> pg_backend_pid()`,
      [statement],
    );
    for (const { pid } of rows) await killer.query('select pg_terminate_backend($1)', [pid]);
    return rows.length;
  } finally {
    await killer.end();
  }
}

describe('the relay’s wake-up listener', () => {
  it('listens again when its connection is lost, and leaves a connection lost after close() to the pool', async () => {
    // As every service's and the relay CLI's pool: an idle connection's failure is logged there.
    const idleErrors: string[] = [];
    context.fixture.pool.on('error', (error: Error & { code?: string }) => idleErrors.push(error.code ?? ''));
    let wakes = 0;
    const listener = new WakeupListener(context.fixture.pool, () => (wakes += 1), testLogger, 50);
    await listener.start();
    expect(wakes).toBe(1);
    await context.fixture.pool.query(`notify ${OUTBOX_CHANNEL}`);
    await waitFor(() => wakes === 2, 10_000);

    expect(await terminate(`LISTEN ${OUTBOX_CHANNEL}`)).toBe(1);
    // Reconnecting wakes the relay: what was notified meanwhile is found by its scan.
    await waitFor(() => wakes === 3, 10_000);

    await listener.close();
    // The released client idles in the pool; Postgres ending it now is the pool's to handle
    // (it used to be released a second time, which pg-pool throws on: an uncaught error).
    expect(await terminate(`UNLISTEN ${OUTBOX_CHANNEL}`)).toBe(1);
    await sleep(500);
    const { rows } = await context.fixture.pool.query<{ one: number }>('select 1 as one');
    expect(rows).toEqual([{ one: 1 }]);
    expect(idleErrors).toEqual(['57P01']);
    expect(wakes).toBe(3);
  });
});
