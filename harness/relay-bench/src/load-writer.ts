/**
 * The benchmark's clients, in a process of their own as real clients are: commits one
 * event per transaction at a steady rate, then sends the parent each event's id and
 * the moment its COMMIT was sent (epoch ms); events of the warm-up are marked. The commit happens after that moment, so
 * latencies measured from it err on the long side, by at most one round trip.
 */

import { enqueue } from '@sagaflow/outbox';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { offerSteadyLoad } from './load.js';

export interface LoadWriterTask {
  databaseUrl: string;
  target: 'outbox' | 'baseline';
  topic: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  keyCount: number;
  firstIndex: number;
}

const task = JSON.parse(process.argv[2] ?? '{}') as LoadWriterTask;
const pool = new pg.Pool({ connectionString: task.databaseUrl, max: 40 });
const db = drizzle({ client: pool });
const committed: Array<[string, number, boolean]> = [];
const measured = (offset: number) => offset >= task.rate * task.warmupSeconds;
const now = () => performance.timeOrigin + performance.now();

await offerSteadyLoad(task.rate, task.warmupSeconds + task.seconds, async (offset) => {
  const index = task.firstIndex + offset;
  const key = `order-${index % task.keyCount}`;
  const payload = { index, sku: 'SKU-1', quantity: 1 };
  if (task.target === 'outbox') {
    let commitSentAt = 0;
    const [envelope] = await db.transaction(async (tx) => {
      const enqueued = await enqueue(tx, {
        topic: task.topic,
        key,
        type: 'BenchEvent',
        aggregateType: 'order',
        aggregateId: key,
        correlationId: key,
        payload,
      });
      commitSentAt = now();
      return enqueued;
    });
    if (envelope) committed.push([envelope.id, commitSentAt, measured(offset)]);
    return;
  }
  const id = uuidv7();
  let commitSentAt = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into baseline_outbox (id, topic, key, payload)
      values (${id}, ${task.topic}, ${key}, ${JSON.stringify(payload)}::jsonb)`);
    commitSentAt = now();
  });
  committed.push([id, commitSentAt, measured(offset)]);
});
await pool.end();
process.send?.(committed, () => process.exit(0));
