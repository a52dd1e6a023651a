import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboxMigrationsFolder } from '@sagaflow/outbox';
import { migrateDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { orderMigrationsFolder } from './database.js';

const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** The migrations folder as it was when its journal ended at `lastTag`. */
function folderUpTo(folder: string, lastTag: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'migrations-'));
  copies.push(copy);
  cpSync(folder, copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return copy;
}

describe('upgrading the order service past message_publications', () => {
  it('moves the recorded publication times into outbox_published, then drops the table', async () => {
    const { databaseUrl } = await testEnvironment('order_publication_upgrade');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const db = drizzle(pool);
      await migrate(db, {
        migrationsFolder: folderUpTo(outboxMigrationsFolder, '0004_outbox_dead_letters_handling'),
        migrationsTable: '__outbox_migrations',
      });
      await migrate(db, {
        migrationsFolder: folderUpTo(orderMigrationsFolder, '0002_message_publications_published_at'),
      });
      const [orderId, reserve, event, unpublished] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
      await pool.query(
        `insert into orders (id, customer_id, items, status, created_at, updated_at)
         values ($1, 'alice', '[]', 'reservingStock', now(), now())`,
        [orderId],
      );
      await pool.query(
        `insert into order_status_transitions (order_id, seq, at, to_state, event, outcome, actor, messages)
         values ($1, 1, timestamptz '2026-11-30 10:00:00+00', 'reservingStock', 'OrderPlaced', 'transitioned', 'api', $2)`,
        [
          orderId,
          JSON.stringify([
            { id: reserve, type: 'ReserveStock', topic: 'inventory.commands' },
            { id: event, type: 'OrderCreated', topic: 'order.events' },
            { id: unpublished, type: 'OrderStatusChanged', topic: 'order.events' },
          ]),
        ],
      );
      await pool.query(
        `insert into message_publications (message_id, published_at) values
           ($1, timestamptz '2026-11-30 10:00:01+00'), ($2, timestamptz '2026-11-30 10:00:02+00')`,
        [reserve, event],
      );

      await migrateDatabase(db, orderMigrationsFolder);

      const { rows } = await pool.query(
        `select message_id::text, topic, type, correlation_id, causation_id, occurred_at, published_at
         from outbox_published order by published_at`,
      );
      expect(rows).toEqual([
        {
          message_id: reserve,
          topic: 'inventory.commands',
          type: 'ReserveStock',
          correlation_id: orderId,
          causation_id: null,
          occurred_at: new Date('2026-11-30T10:00:00Z'),
          published_at: new Date('2026-11-30T10:00:01Z'),
        },
        {
          message_id: event,
          topic: 'order.events',
          type: 'OrderCreated',
          correlation_id: orderId,
          causation_id: null,
          occurred_at: new Date('2026-11-30T10:00:00Z'),
          published_at: new Date('2026-11-30T10:00:02Z'),
        },
      ]);
      const gone = await pool.query(`select to_regclass('message_publications') is null as gone`);
      expect(gone.rows[0]).toEqual({ gone: true });
    } finally {
      await pool.end();
    }
  });
});
