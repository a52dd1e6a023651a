import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerOutboxMetrics } from './metrics.js';
import type { OutboxDatabase } from './relay/store.js';

/** Answers readBacklogStats's one statement with `row`, or fails like a database that is down. */
const databaseAnswering = (row: Record<string, string | null> | Error) =>
  ({
    execute: async () => {
      if (row instanceof Error) throw row;
      return { rows: [row] };
    },
  }) as unknown as OutboxDatabase;

const backlog = { pending: '3', oldest_age_ms: '2500', dead_letters: '1' };

describe('registerOutboxMetrics', () => {
  it('reads the backlog at scrape time, in seconds', async () => {
    const registry = new Registry();
    registerOutboxMetrics(registry, { db: databaseAnswering(backlog) });
    const text = await registry.metrics();
    expect(text).toContain('sagaflow_outbox_pending 3\n');
    expect(text).toContain('sagaflow_outbox_oldest_pending_age_seconds 2.5\n');
    expect(text).toContain('sagaflow_dead_letters 1\n');
  });

  it('says NaN when the database does not answer, and still serves the rest', async () => {
    const registry = new Registry();
    const { relay } = registerOutboxMetrics(registry, { db: databaseAnswering(new Error('down')) });
    relay.published(2, 0.01);
    const text = await registry.metrics();
    // prom-client spells it Nan; Prometheus reads NaN in any case.
    expect(text).toMatch(/^sagaflow_outbox_pending nan$/im);
    expect(text).toContain('sagaflow_outbox_published_total 2\n');
  });

  it('counts the relay’s work in counters and its sends in a histogram, storing no rate', async () => {
    const registry = new Registry();
    const { relay } = registerOutboxMetrics(registry, { db: databaseAnswering(backlog) });
    relay.published(5, 0.004);
    relay.published(1, 0.2);
    relay.refused();
    relay.outage();
    relay.outage();
    relay.deadLettered();
    const metrics = await registry.getMetricsAsJSON();
    const typeOf = (name: string) => String(metrics.find((metric) => metric.name === name)?.type);
    expect(typeOf('sagaflow_outbox_published_total')).toBe('counter');
    expect(typeOf('sagaflow_outbox_publish_failures_total')).toBe('counter');
    expect(typeOf('sagaflow_outbox_publish_duration_seconds')).toBe('histogram');
    expect(metrics.filter((metric) => /per_second|_rate/.test(metric.name))).toEqual([]);
    for (const metric of metrics) {
      if (String(metric.type) === 'counter') expect(metric.name).toMatch(/_total$/);
    }
    const text = await registry.metrics();
    expect(text).toContain('sagaflow_outbox_published_total 6\n');
    expect(text).toContain('sagaflow_outbox_publish_failures_total{reason="refused"} 1\n');
    expect(text).toContain('sagaflow_outbox_publish_failures_total{reason="outage"} 2\n');
    expect(text).toContain('sagaflow_outbox_dead_lettered_total 1\n');
    expect(text).toContain('sagaflow_outbox_publish_duration_seconds_count 2\n');
    expect(text).toContain('sagaflow_outbox_publish_duration_seconds_bucket{le="0.005"} 1\n');
  });

  it('splits what a committed batch held into handled and duplicates, per topic', async () => {
    const registry = new Registry();
    const { consumer } = registerOutboxMetrics(registry, { db: databaseAnswering(backlog) });
    consumer.committed({ topic: 't', partition: 0, received: 5, fresh: 3, seconds: 0.02 });
    consumer.committed({ topic: 'u', partition: 1, received: 1, fresh: 1, seconds: 0.001 });
    consumer.deadLettered({ topic: 't', partition: 2 });
    const text = await registry.metrics();
    expect(text).toContain('sagaflow_consumer_handled_total{topic="t"} 3\n');
    expect(text).toContain('sagaflow_consumer_duplicates_total{topic="t"} 2\n');
    expect(text).toContain('sagaflow_consumer_handled_total{topic="u"} 1\n');
    expect(text).toContain('sagaflow_consumer_dead_lettered_total{topic="t"} 1\n');
    expect(text).toContain('sagaflow_consumer_batch_duration_seconds_count{topic="t"} 1\n');
  });

  it('keeps two registries apart', async () => {
    const first = new Registry();
    const second = new Registry();
    registerOutboxMetrics(first, { db: databaseAnswering(backlog) }).relay.published(4, 0.01);
    registerOutboxMetrics(second, { db: databaseAnswering(backlog) });
    expect(await first.metrics()).toContain('sagaflow_outbox_published_total 4\n');
    expect(await second.metrics()).toContain('sagaflow_outbox_published_total 0\n');
  });
});
