import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ConsumerObserver } from './consumer/consumer-observer.js';
import type { RelayObserver } from './relay/relay-observer.js';
import { type BacklogStats, type OutboxDatabase, readBacklogStats } from './relay/store.js';

/** The observers to hand a Relay (`observer`) and an InboxConsumer (`observer`). */
export interface OutboxMetrics {
  relay: RelayObserver;
  consumer: ConsumerObserver;
}

/** Seconds, from a millisecond-fast local publish to a broker that takes its time. */
const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Registers the outbox's metrics on `registry`: the backlog, read from the database
 * at scrape time, and counters and histograms fed by the returned observers.
 * Counters are monotonic totals; per-second figures are the query's business
 * (`rate(sagaflow_outbox_published_total[1m])`).
 */
export function registerOutboxMetrics(registry: Registry, source: { db: OutboxDatabase }): OutboxMetrics {
  registerBacklogGauges(registry, source.db);
  return { relay: relayMetrics(registry), consumer: consumerMetrics(registry) };
}

function registerBacklogGauges(registry: Registry, db: OutboxDatabase): void {
  // Every gauge of one scrape shares one read: the scrape collects them together.
  let inFlight: Promise<BacklogStats | undefined> | undefined;
  const backlog = () => {
    inFlight ??= readBacklogStats(db)
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const gauge = (name: string, help: string, read: (stats: BacklogStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const stats = await backlog();
        // NaN says "unknown" (the database did not answer) without failing the whole scrape.
        this.set(stats === undefined ? Number.NaN : read(stats));
      },
    });
  gauge(
    'sagaflow_outbox_pending',
    'Messages committed to the outbox and not yet acknowledged by the broker',
    (stats) => stats.pending,
  );
  gauge(
    'sagaflow_outbox_oldest_pending_age_seconds',
    'Age of the oldest message in the outbox; 0 when it is empty',
    (stats) => stats.oldestPendingAgeMs / 1000,
  );
  gauge(
    'sagaflow_dead_letters',
    'Dead letters of the service (from the relay and the consumer) not yet handled (resolved or replayed) by an operator',
    (stats) => stats.deadLetters,
  );
}

function relayMetrics(registry: Registry): RelayObserver {
  const registers = [registry];
  const published = new Counter({
    name: 'sagaflow_outbox_published_total',
    help: 'Outbox messages acknowledged by the broker and removed from the outbox',
    registers,
  });
  const duration = new Histogram({
    name: 'sagaflow_outbox_publish_duration_seconds',
    help: 'Time from sending a relay batch to the broker to its acknowledgement',
    buckets: durationBuckets,
    registers,
  });
  const failures = new Counter({
    name: 'sagaflow_outbox_publish_failures_total',
    help: 'Failed publishes: a message the broker refused, or a batch that found it unreachable',
    labelNames: ['reason'] as const,
    registers,
  });
  const deadLettered = new Counter({
    name: 'sagaflow_outbox_dead_lettered_total',
    help: 'Outbox messages moved to dead letters after their last refused attempt',
    registers,
  });
  failures.inc({ reason: 'refused' }, 0);
  failures.inc({ reason: 'outage' }, 0);
  return {
    published(count, sendSeconds) {
      published.inc(count);
      duration.observe(sendSeconds);
    },
    refused: () => failures.inc({ reason: 'refused' }),
    outage: () => failures.inc({ reason: 'outage' }),
    deadLettered: () => deadLettered.inc(),
  };
}

function consumerMetrics(registry: Registry): ConsumerObserver {
  const registers = [registry];
  const labelNames = ['topic'] as const;
  const handled = new Counter({
    name: 'sagaflow_consumer_handled_total',
    help: 'Consumed messages new to the inbox and handled, counted once their transaction committed',
    labelNames,
    registers,
  });
  const duplicates = new Counter({
    name: 'sagaflow_consumer_duplicates_total',
    help: 'Consumed messages the inbox had already seen, skipped',
    labelNames,
    registers,
  });
  const deadLettered = new Counter({
    name: 'sagaflow_consumer_dead_lettered_total',
    help: 'Consumed records stored in dead letters instead of being handled',
    labelNames,
    registers,
  });
  const duration = new Histogram({
    name: 'sagaflow_consumer_batch_duration_seconds',
    help: 'Time of one committed inbox transaction: dedupe, handling and commit of a batch',
    labelNames,
    buckets: durationBuckets,
    registers,
  });
  return {
    committed({ topic, received, fresh, seconds }) {
      handled.inc({ topic }, fresh);
      duplicates.inc({ topic }, received - fresh);
      duration.observe({ topic }, seconds);
    },
    deadLettered: ({ topic }) => deadLettered.inc({ topic }),
  };
}
