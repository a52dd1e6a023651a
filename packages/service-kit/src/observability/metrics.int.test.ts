import { fileURLToPath } from 'node:url';
import { CommitStock, inventoryCommands, topics } from '@sagaflow/contracts';
import { freePort, KafkaPeer, waitFor } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

// Two kit services in one process, one with /metrics on a port of its own: each
// instance keeps its own registry, and the consumer's totals follow what it did.
const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
let shared: RunningService<Record<string, never>>;
let separate: RunningService<Record<string, never>>;
let peer: KafkaPeer;
let metricsPort: number;
let commandsTopic: string;

const kitService = (name: string) =>
  defineService(name, () => ({
    schema: {},
    migrationsFolder,
    consumes: { topics: [topics.inventoryCommands], contracts: inventoryCommands, handle: async () => {} },
    routes: (app) => {
      app.get('/things/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    },
  }));

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  const first = await testEnvironment('kit-metrics');
  shared = await startService(kitService('kit-shared'), loadEnv(serviceEnv({}), first.env), { logger });
  peer = new KafkaPeer(first.stack.kafkaBrokers, first.topicPrefix);
  commandsTopic = first.topicPrefix + topics.inventoryCommands;
  const second = await testEnvironment('kit-metrics-port');
  metricsPort = await freePort();
  separate = await startService(
    kitService('kit-separate'),
    loadEnv(serviceEnv({}), { ...second.env, METRICS_PORT: String(metricsPort) }),
    { logger },
  );
});

afterAll(async () => {
  await peer?.close();
  await shared?.stop();
  await separate?.stop();
});

const scrape = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
};

/** The value of the one sample of `name` that carries every label of `labels`. */
const sampleValue = (text: string, name: string, labels: Record<string, string>) => {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((each) => each.startsWith(`${name}{`) && pairs.every((pair) => each.includes(pair)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('the kit’s /metrics', () => {
  it('serves on the service’s port by default, on METRICS_PORT when set, and nowhere else then', async () => {
    expect(shared.metricsUrl).toBe(`${shared.url}/metrics`);
    expect(separate.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(await scrape(separate.metricsUrl)).toContain('sagaflow_outbox_pending{service="kit-separate"} 0');
    expect((await fetch(`${separate.url}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/things/1`)).status).toBe(404);
  });

  it('times requests by route pattern on the instance that served them only', async () => {
    const id = uuidv7();
    expect((await fetch(`${shared.url}/things/${id}`)).status).toBe(200);
    expect((await fetch(`${shared.url}/no/such/route/${id}`)).status).toBe(404);
    // The histogram observes in onResponse, which runs once the response is on its way.
    let text = '';
    await waitFor(
      async () => {
        text = await scrape(shared.metricsUrl);
        return text.includes('route="unmatched",status_code="404"');
      },
      5_000,
      () => text,
    );
    expect(
      sampleValue(text, 'sagaflow_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/things/:id',
        status_code: '200',
        service: 'kit-shared',
      }),
    ).toBe(1);
    expect(
      sampleValue(text, 'sagaflow_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
        service: 'kit-shared',
      }),
    ).toBe(1);
    expect(text).not.toContain(id);
    expect(await scrape(separate.metricsUrl)).not.toContain('route="/things/:id"');
  });

  it('counts handled, duplicate and dead-lettered messages, and the dead letters stored', async () => {
    const orderId = uuidv7();
    const envelope = await peer.send(CommitStock, { orderId });
    await peer.sendEnvelope(topics.inventoryCommands, envelope);
    await peer.sendEnvelope(topics.inventoryCommands, 'not json', orderId);
    let text = '';
    await waitFor(
      async () => {
        text = await scrape(shared.metricsUrl);
        return /sagaflow_dead_letters\{service="kit-shared"\} 1/.test(text);
      },
      30_000,
      () => text,
    );
    // A scrape reads the counters before the database: the scrape after this one has both in step.
    text = await scrape(shared.metricsUrl);
    const labels = { topic: commandsTopic, service: 'kit-shared' };
    expect(sampleValue(text, 'sagaflow_consumer_handled_total', labels)).toBe(1);
    expect(sampleValue(text, 'sagaflow_consumer_duplicates_total', labels)).toBe(1);
    expect(sampleValue(text, 'sagaflow_consumer_dead_lettered_total', labels)).toBe(1);
  });
});
