import type { Pool } from 'pg';
import type { Logger } from 'pino';

/**
 * Vacuums the outbox after every `everyRows` deletes. Autovacuum wakes only once per
 * naptime (a minute by default), and in that minute a busy relay leaves hundreds of
 * thousands of dead tuples at the head of the id index, which every claim scan then
 * steps over. A plain VACUUM takes no lock that blocks writers or other relays;
 * SKIP_LOCKED lets a relay skip the run when another one is already vacuuming.
 */
export class OutboxVacuum {
  private deletedSinceVacuum = 0;
  private running: Promise<void> | undefined;
  private disabled = false;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly everyRows: number,
  ) {}

  recordDeleted(rows: number): void {
    this.deletedSinceVacuum += rows;
    if (this.disabled || this.running || this.deletedSinceVacuum < this.everyRows) return;
    this.deletedSinceVacuum = 0;
    this.running = this.vacuum().finally(() => {
      this.running = undefined;
    });
  }

  async drain(): Promise<void> {
    await this.running;
  }

  private async vacuum(): Promise<void> {
    try {
      await this.pool.query('VACUUM (SKIP_LOCKED) outbox');
    } catch (error) {
      // Typically: the relay's role does not own the table. Autovacuum still runs.
      this.disabled = true;
      this.logger.warn({ err: error }, 'relay cannot vacuum the outbox; leaving it to autovacuum');
    }
  }
}
