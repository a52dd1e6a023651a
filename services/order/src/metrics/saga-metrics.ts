import { afterCommit } from '@sagaflow/service-kit';
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OrderDatabase } from '../db/database.js';
import { orders } from '../db/schema.js';
import type { ObservedStep, SagaObserver } from '../runner/runtime.js';
import { parkedStates, sagaStates } from '../saga/versions.js';

/** The saga's metrics: the observer counts steps as their transactions commit; the gauges read SQL. */
export interface SagaMetrics {
  observer: SagaObserver;
  /** Adds them to a service instance's registry; the gauges read `db` at scrape time. */
  register(registry: Registry, db: OrderDatabase): void;
}

/** Seconds, from a saga that confirms at once to one that waited out its compensations. */
const sagaDurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600];

export function createSagaMetrics(): SagaMetrics {
  const transitions = new Counter({
    name: 'sagaflow_saga_transitions_total',
    help: 'Saga steps committed, by state before (`new` for a saga placed), state after, event and outcome',
    labelNames: ['from', 'to', 'event', 'outcome'] as const,
    registers: [],
  });
  const durations = new Histogram({
    name: 'sagaflow_saga_duration_seconds',
    help: 'From POST /orders to the step that ended the saga, by the terminal state it reached',
    labelNames: ['state'] as const,
    buckets: sagaDurationBuckets,
    registers: [],
  });
  const count = (steps: readonly ObservedStep[]) => {
    for (const step of steps) {
      transitions.inc({ from: step.from ?? 'new', to: step.to, event: step.event, outcome: step.outcome });
      if (step.sagaSeconds !== undefined) durations.observe({ state: step.to }, step.sagaSeconds);
    }
  };
  return {
    observer: {
      written(tx, steps) {
        if (steps.length > 0) afterCommit(tx, () => count(steps));
      },
    },
    register(registry, db) {
      registry.registerMetric(transitions);
      registry.registerMetric(durations);
      registerStateGauges(registry, db);
    },
  };
}

/**
 * Sagas by state, read from `orders.status` (the saga's state, kept in step by
 * every step that acts), which its (status, id) index counts without the rows.
 */
function registerStateGauges(registry: Registry, db: OrderDatabase): void {
  let inFlight: Promise<Map<string, number> | undefined> | undefined;
  const read = () => {
    inFlight ??= countByState(db)
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  new Gauge({
    name: 'sagaflow_sagas',
    help: 'Sagas in each state now, terminal states included',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await read();
      this.reset();
      if (counts === undefined) return;
      for (const state of sagaStates) this.set({ state }, counts.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'sagaflow_sagas_parked',
    help: 'Sagas parked, waiting for an operator (what GET /admin/sagas/parked lists)',
    registers: [registry],
    async collect() {
      const counts = await read();
      // NaN says "unknown" (the database did not answer) without failing the whole scrape.
      this.set(
        counts === undefined
          ? Number.NaN
          : parkedStates.reduce((sum, state) => sum + (counts.get(state) ?? 0), 0),
      );
    },
  });
}

async function countByState(db: OrderDatabase): Promise<Map<string, number>> {
  const rows = await db
    .select({ state: orders.status, sagas: sql<number>`count(*)::int` })
    .from(orders)
    .groupBy(orders.status);
  return new Map(rows.map((row) => [row.state, row.sagas]));
}
