import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import type pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentDatabase, paymentMigrationsFolder } from './database.js';
import { paymentSchema } from './schema.js';

let db: PaymentDatabase;
let pool: pg.Pool;
let firstMigrationOnly: string;

/** A migrations folder that stops at 0000: the tables as they were when a balance was set, not credited. */
async function folderOfFirstMigration(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'payment-migrations-'));
  await mkdir(join(folder, 'meta'));
  const journal = JSON.parse(await readFile(join(paymentMigrationsFolder, 'meta', '_journal.json'), 'utf8'));
  const [first] = journal.entries;
  await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }));
  await copyFile(join(paymentMigrationsFolder, `${first.tag}.sql`), join(folder, `${first.tag}.sql`));
  return folder;
}

beforeAll(async () => {
  const { databaseUrl } = await testEnvironment('payment');
  ({ db, pool } = openDatabase({
    url: databaseUrl,
    schema: paymentSchema,
    logger: pino({ level: 'silent' }),
  }));
  firstMigrationOnly = await folderOfFirstMigration();
  await migrateDatabase(db, firstMigrationOnly);
});

afterAll(async () => {
  await pool?.end();
  if (firstMigrationOnly) await rm(firstMigrationOnly, { recursive: true, force: true });
});

describe('upgrading wallets whose balance was set', () => {
  it('gives each one opening credit of what it was given, so its books balance', async () => {
    const [charged, refunded] = [uuidv7(), uuidv7()];
    // alice was set to 1,000, charged 300 and 200, and refunded the 200; bob was set to 0.
    await pool.query(`INSERT INTO wallets (customer_id, balance_cents) VALUES ('alice', 700), ('bob', 0)`);
    await pool.query(
      `INSERT INTO wallet_entries (id, customer_id, order_id, kind, amount_cents) VALUES
         ($1, 'alice', $3, 'debit', 300), ($2, 'alice', $4, 'debit', 200), ($5, 'alice', $4, 'credit', 200)`,
      [uuidv7(), uuidv7(), charged, refunded, uuidv7()],
    );

    await migrateDatabase(db, paymentMigrationsFolder);

    const { rows: credits } = await pool.query(
      'SELECT customer_id, reference, kind, amount_cents::int AS amount FROM wallet_entries WHERE order_id IS NULL',
    );
    expect(credits).toEqual([
      { customer_id: 'alice', reference: 'opening-balance:alice', kind: 'credit', amount: 1_000 },
    ]);
    const { rows: unbalanced } = await pool.query(
      `SELECT w.customer_id FROM wallets w LEFT JOIN wallet_entries e USING (customer_id)
       GROUP BY w.customer_id, w.balance_cents
       HAVING w.balance_cents <> coalesce(sum(CASE e.kind WHEN 'credit' THEN e.amount_cents
                                                         ELSE -e.amount_cents END), 0)`,
    );
    expect(unbalanced).toEqual([]);
  });
});
