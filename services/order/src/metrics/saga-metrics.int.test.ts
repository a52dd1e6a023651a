import { PaymentProcessed, StockReserved } from '@sagaflow/contracts';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySagaEvent } from '../runner/apply-event.js';
import type { SagaRuntime } from '../runner/runtime.js';
import { type OrderFixture, startOrderFixture } from '../testing/order-fixture.js';
import { lines, sagaDriver } from '../testing/saga-driver.js';
import { createSagaMetrics } from './saga-metrics.js';

// The saga metrics on a running order service: steps count once their transaction
// commits and never when it rolls back; the gauges read the database at scrape time.
let fixture: OrderFixture;

beforeAll(async () => {
  fixture = await startOrderFixture('saga-metrics');
});

afterAll(async () => {
  await fixture?.close();
});

/** The sum of the samples named `name` (a histogram's `_count` too) whose labels include `labels`. */
const sampleOf = async (registry: Registry, name: string, labels: Record<string, string>) => {
  const samples = (await registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((value) => ({
      ...value,
      // A histogram's values name their own series: _bucket, _sum, _count.
      name: (value as { metricName?: string }).metricName ?? metric.name,
    })),
  );
  return samples
    .filter((sample) => sample.name === name)
    .filter((sample) =>
      Object.entries(labels).every(([key, expected]) => String(sample.labels[key]) === expected),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
};

describe('saga metrics', () => {
  it('count a POST and the replies the service consumes, on the service’s own registry', async () => {
    const saga = sagaDriver(fixture);
    const id = await saga.place();
    await saga.reply(StockReserved, { orderId: id, lines, totalCents: 2500 });
    await saga.reply(PaymentProcessed, { orderId: id, paymentId: 'p-1', amountCents: 2500 });
    await saga.waitForStatus(id, 'confirmed');
    const { registry } = fixture.service;
    const transitions = 'sagaflow_saga_transitions_total';
    expect(await sampleOf(registry, transitions, { from: 'new', event: 'OrderPlaced' })).toBe(1);
    expect(await sampleOf(registry, transitions, { to: 'confirmed', event: 'PaymentProcessed' })).toBe(1);
    expect(await sampleOf(registry, 'sagaflow_saga_duration_seconds_count', { state: 'confirmed' })).toBe(1);
    expect(await sampleOf(registry, 'sagaflow_sagas', { state: 'confirmed' })).toBe(1);
    expect(await sampleOf(registry, 'sagaflow_sagas_parked', {})).toBe(0);
  });

  it('do not count a step whose transaction rolls back, and count it once it commits', async () => {
    const saga = sagaDriver(fixture);
    const id = await saga.place();
    await saga.waitForTimeline(id, 1);
    const registry = new Registry();
    const metrics = createSagaMetrics();
    metrics.register(registry, fixture.service.db);
    const runtime: SagaRuntime = { ...fixture.runtime, observer: metrics.observer };
    const event = {
      type: 'StockReserved',
      payload: { orderId: id, lines, totalCents: 2500 },
      at: new Date().toISOString(),
    } as const;
    const cause = { actor: 'test', reason: null };
    await expect(
      fixture.service.db.transaction(async (tx) => {
        await applySagaEvent(tx, id, event, cause, runtime);
        throw new Error('roll it back');
      }),
    ).rejects.toThrow('roll it back');
    const transitions = 'sagaflow_saga_transitions_total';
    expect(await sampleOf(registry, transitions, {})).toBe(0);
    expect(await sampleOf(registry, 'sagaflow_sagas', { state: 'processingPayment' })).toBe(0);
    await fixture.service.db.transaction((tx) => applySagaEvent(tx, id, event, cause, runtime));
    expect(await sampleOf(registry, transitions, { from: 'reservingStock', to: 'processingPayment' })).toBe(
      1,
    );
    expect(await sampleOf(registry, 'sagaflow_sagas', { state: 'processingPayment' })).toBe(1);
  });
});
