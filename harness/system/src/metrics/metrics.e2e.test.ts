import { readFileSync } from 'node:fs';
import { waitFor } from '@sagaflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type System } from '../launcher/launcher.js';
import { type ServiceName, serviceNames } from '../launcher/types.js';
import { launchTestSystem } from '../testing/launch.js';
import { dashboardQueries, metricNames } from './dashboard.js';
import { declares, parseExposition, type Scrape, sampleSum } from './exposition.js';

// One saga through the three services as processes, with /metrics scraped before
// and after: each figure the saga should move must have moved.
let system: System;

beforeAll(async () => {
  system = await launchTestSystem('metrics', {});
}, 120_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

async function scrape(name: ServiceName): Promise<Scrape> {
  const response = await fetch(`${system.urls[name]}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

async function scrapeAll(): Promise<Record<ServiceName, Scrape>> {
  const scrapes = await Promise.all(serviceNames.map(async (name) => [name, await scrape(name)] as const));
  return Object.fromEntries(scrapes) as Record<ServiceName, Scrape>;
}

describe('GET /metrics after one saga', () => {
  let before: Record<ServiceName, Scrape>;
  let after: Record<ServiceName, Scrape>;
  const moved = (service: ServiceName, name: string, labels: Record<string, string> = {}) =>
    sampleSum(after[service], name, labels) - sampleSum(before[service], name, labels);

  beforeAll(async () => {
    const { client } = system;
    await client.seedProduct('metrics-widget', { name: 'Widget', priceCents: 500, onHand: 10 });
    await client.seedWallet('metrics-alice', 10_000);
    before = await scrapeAll();
    const placed = await client.placeOrder({
      customerId: 'metrics-alice',
      items: [{ sku: 'metrics-widget', quantity: 2 }],
    });
    await client.waitForOrder(placed.id, (view) => view.order.status === 'confirmed', 30_000);
    // Confirming writes OrderStatusChanged and CommitStock: wait until the relays
    // and the consumers are through with them.
    await waitFor(
      async () => {
        after = await scrapeAll();
        return (
          sampleSum(after.order, 'sagaflow_outbox_pending') === 0 &&
          serviceNames.every((name) => sampleSum(after[name], 'sagaflow_consumer_lag') === 0)
        );
      },
      30_000,
      () => 'outboxes and consumer lag never reached 0',
    );
  }, 90_000);

  it('counts the saga’s transitions and its POST → confirmed duration on the order service', () => {
    expect(moved('order', 'sagaflow_saga_transitions_total', { from: 'new', to: 'reservingStock' })).toBe(1);
    expect(
      moved('order', 'sagaflow_saga_transitions_total', {
        from: 'reservingStock',
        to: 'processingPayment',
        event: 'StockReserved',
      }),
    ).toBe(1);
    expect(
      moved('order', 'sagaflow_saga_transitions_total', {
        from: 'processingPayment',
        to: 'confirmed',
        event: 'PaymentProcessed',
        outcome: 'transitioned',
      }),
    ).toBe(1);
    expect(moved('order', 'sagaflow_saga_duration_seconds_count', { state: 'confirmed' })).toBe(1);
    expect(moved('order', 'sagaflow_saga_duration_seconds_sum', { state: 'confirmed' })).toBeGreaterThan(0);
    expect(moved('order', 'sagaflow_sagas', { state: 'confirmed' })).toBe(1);
    expect(sampleSum(after.order, 'sagaflow_sagas_parked')).toBe(0);
  });

  it('counts what the outboxes published and the consumers handled, on every service', () => {
    for (const name of serviceNames) {
      expect(moved(name, 'sagaflow_outbox_published_total'), name).toBeGreaterThan(0);
      expect(moved(name, 'sagaflow_outbox_publish_duration_seconds_count'), name).toBeGreaterThan(0);
      expect(moved(name, 'sagaflow_consumer_handled_total'), name).toBeGreaterThan(0);
      expect(moved(name, 'sagaflow_consumer_batch_duration_seconds_count'), name).toBeGreaterThan(0);
      expect(sampleSum(after[name], 'sagaflow_dead_letters'), name).toBe(0);
      expect(sampleSum(after[name], 'sagaflow_outbox_publish_failures_total'), name).toBe(0);
    }
    // StockReserved and PaymentProcessed on the order's side; ReserveStock and CommitStock on inventory's.
    expect(moved('order', 'sagaflow_consumer_handled_total')).toBe(2);
    expect(moved('inventory', 'sagaflow_consumer_handled_total')).toBe(2);
    expect(moved('payment', 'sagaflow_consumer_handled_total')).toBe(1);
  });

  it('reports consumer lag per topic and partition, from the group’s committed offsets', () => {
    const partitions = after.order.samples.filter((sample) => sample.name === 'sagaflow_consumer_lag');
    expect(partitions.map((sample) => sample.labels.topic)).toEqual(
      partitions.map(() => `${system.topicPrefix}order.saga-replies`),
    );
    expect(partitions.map((sample) => sample.labels.partition).sort()).toEqual(['0', '1', '2', '3']);
  });

  it('times HTTP requests by route pattern and status', () => {
    expect(
      moved('order', 'sagaflow_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/orders',
        status_code: '202',
      }),
    ).toBe(1);
    const routes = new Set(
      after.order.samples
        .filter((sample) => sample.name === 'sagaflow_http_request_duration_seconds_count')
        .map((sample) => sample.labels.route),
    );
    expect(routes).toContain('/orders/:id');
    // Route patterns only: never a raw URL with an order id in it.
    expect([...routes].filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(route ?? ''))).toEqual([]);
  });

  it('labels every series with its service and carries the process metrics', () => {
    for (const name of serviceNames) {
      expect(
        after[name].samples.every((sample) => sample.labels.service === name),
        name,
      ).toBe(true);
      expect(sampleSum(after[name], 'process_cpu_seconds_total'), name).toBeGreaterThan(0);
      expect(sampleSum(after[name], 'process_resident_memory_bytes'), name).toBeGreaterThan(0);
    }
  });

  it('declares every metric the Grafana dashboard queries', () => {
    const dashboard: unknown = JSON.parse(
      readFileSync(`${repoRoot}deploy/observability/grafana/dashboards/sagaflow.json`, 'utf8'),
    );
    const missing = dashboardQueries(dashboard).flatMap(({ panel, expr }) =>
      metricNames(expr)
        .filter((metric) => !serviceNames.some((name) => declares(after[name], metric)))
        .map((metric) => `${panel}: ${metric}`),
    );
    expect(dashboardQueries(dashboard).length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
