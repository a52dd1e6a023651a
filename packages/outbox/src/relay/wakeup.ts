import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { OUTBOX_CHANNEL } from '../enqueue/channel.js';

/**
 * LISTENs for enqueue notifications on a dedicated connection and reconnects when it
 * drops. Notifications sent while it was disconnected are lost, so every (re)connect
 * also fires a wake-up: the relay then scans the table, which is the source of truth.
 */
export class WakeupListener {
  private client: PoolClient | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly onWake: () => void,
    private readonly logger: Logger,
    private readonly reconnectDelayMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.pool.connect();
      client.on('notification', this.onWake);
      client.on('error', (error) => this.lost(client, error));
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
      this.onWake();
    } catch (error) {
      this.logger.warn({ err: error }, 'relay could not LISTEN; polling until it can');
      this.scheduleReconnect();
    }
  }

  private lost(client: PoolClient, error: Error): void {
    this.logger.warn({ err: error }, 'relay lost its LISTEN connection; reconnecting');
    client.removeAllListeners('notification');
    client.release(error);
    if (this.client === client) this.client = undefined;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.reconnectDelayMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    client.removeAllListeners('notification');
    try {
      await client.query(`UNLISTEN ${OUTBOX_CHANNEL}`);
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }
}
