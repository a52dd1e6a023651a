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
  /** This listener's error handler on `client`. */
  private onError: ((error: Error) => void) | undefined;
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
      const onError = (error: Error) => this.lost(client, onError, error);
      client.on('notification', this.onWake);
      client.on('error', onError);
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
      this.onError = onError;
      this.onWake();
    } catch (error) {
      this.logger.warn({ err: error }, 'relay could not LISTEN; polling until it can');
      this.scheduleReconnect();
    }
  }

  private lost(client: PoolClient, onError: (error: Error) => void, error: Error): void {
    this.logger.warn({ err: error }, 'relay lost its LISTEN connection; reconnecting');
    client.removeAllListeners('notification');
    giveBack(client, onError, error);
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
    const { client, onError } = this;
    this.client = undefined;
    this.onError = undefined;
    if (!client || !onError) return;
    client.removeAllListeners('notification');
    try {
      await client.query(`UNLISTEN ${OUTBOX_CHANNEL}`);
      giveBack(client, onError);
    } catch (error) {
      giveBack(client, onError, error as Error);
    }
  }
}

/**
 * Releases the client without this listener's error handler: once released it is the
 * pool's (which adds its own handler in release), and an error it raises later, such
 * as Postgres shutting down after close(), must not release it a second time, which
 * pg-pool throws on. Both happen in one synchronous step: the client is never without
 * one. A client whose handler is gone was given back already (it failed during close()).
 */
function giveBack(client: PoolClient, onError: (error: Error) => void, error?: Error): void {
  if (!client.listeners('error').includes(onError)) return;
  client.off('error', onError);
  client.release(error);
}
