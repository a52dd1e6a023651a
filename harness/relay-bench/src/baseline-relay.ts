import type { Producer } from 'kafkajs';
import type pg from 'pg';

/**
 * The relay most outbox write-ups describe, kept as a yardstick: every second, read
 * the unprocessed rows, publish them one at a time, and mark each one processed.
 */
export const baselineTableSql = `
  create table if not exists baseline_outbox (
    id uuid primary key,
    topic text not null,
    key text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    processed_at timestamptz
  );
  create index if not exists baseline_outbox_unprocessed on baseline_outbox (created_at) where processed_at is null;`;

export class BaselineRelay {
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly producer: Producer,
    private readonly onPublished: (id: string, ackedAt: number) => void,
    private readonly pollIntervalMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.producer.connect();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const { rows } = await this.pool.query<{ id: string; topic: string; key: string; payload: unknown }>(
        'select id, topic, key, payload from baseline_outbox where processed_at is null order by created_at limit 1000',
      );
      for (const row of rows) {
        await this.producer.send({
          topic: row.topic,
          acks: -1,
          messages: [{ key: row.key, value: JSON.stringify({ id: row.id, payload: row.payload }) }],
        });
        this.onPublished(row.id, Date.now());
        await this.pool.query('update baseline_outbox set processed_at = now() where id = $1', [row.id]);
      }
      if (rows.length < 1000) await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
    }
  }
}
