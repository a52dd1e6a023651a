import { Gauge, type Registry } from 'prom-client';
import type { Relay } from './relay/relay.js';
import { type OutboxDatabase, readBacklogStats } from './relay/store.js';

/**
 * Exposes the outbox's health to Prometheus; values are read at scrape time.
 * Published and failure counts are monotonic totals: use rate() for per-second figures.
 */
export function registerOutboxMetrics(
  registry: Registry,
  source: { db: OutboxDatabase; relay?: Relay },
): void {
  const backlog = async () => readBacklogStats(source.db);
  const gauge = (name: string, help: string, read: () => Promise<number> | number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });
  gauge(
    'sagaflow_outbox_pending',
    'Messages committed and not yet acknowledged by the broker',
    async () => (await backlog()).pending,
  );
  gauge(
    'sagaflow_outbox_oldest_pending_age_seconds',
    'Age of the oldest pending message',
    async () => (await backlog()).oldestPendingAgeMs / 1000,
  );
  gauge(
    'sagaflow_outbox_dead_letters',
    'Messages in dead letters',
    async () => (await backlog()).deadLetters,
  );
  const relay = source.relay;
  if (!relay) return;
  gauge(
    'sagaflow_relay_published_total',
    'Messages acknowledged by the broker',
    () => relay.metrics().published,
  );
  gauge(
    'sagaflow_relay_published_per_second',
    'Acknowledged messages per second, last 10 s',
    () => relay.metrics().publishedPerSecond,
  );
  gauge('sagaflow_relay_refusals_total', 'Messages the broker refused', () => relay.metrics().refused);
  gauge(
    'sagaflow_relay_outages_total',
    'Batches that found the broker unreachable',
    () => relay.metrics().outages,
  );
}
