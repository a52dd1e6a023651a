import { fileURLToPath } from 'node:url';
import { inventoryCommands, topics } from '@sagaflow/contracts';
import { bearer } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnv, serviceEnv } from '../config/env.js';
import { defineService, type RunningService, startService } from '../service.js';

const migrationsFolder = fileURLToPath(new URL('../testing/fixtures/empty-migrations', import.meta.url));
let service: RunningService<Record<string, never>>;
let operator: { authorization: string };

beforeAll(async () => {
  const { env, auth } = await testEnvironment('kit_rate', {
    RATE_LIMIT_MAX: '3',
    RATE_LIMIT_WINDOW_MS: '60000',
  });
  operator = bearer(await auth.operator());
  service = await startService(
    defineService('kit-rate', () => ({
      schema: {},
      migrationsFolder,
      consumes: { topics: [topics.inventoryCommands], contracts: inventoryCommands, handle: async () => {} },
      routes: (app) => {
        app.get('/things', { config: { access: ['operator'] } }, async () => ({ ok: true }));
      },
    })),
    loadEnv(serviceEnv({}), env),
    { logger: pino({ level: 'silent' }) },
  );
});
afterAll(() => service?.stop());

it('limits a started service by RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS, over HTTP, sparing the probes', async () => {
  const statuses: number[] = [];
  const things = () => fetch(`${service.url}/things`, { headers: operator });
  for (let i = 0; i < 3; i += 1) statuses.push((await things()).status);
  expect(statuses).toEqual([200, 200, 200]);
  const limited = await things();
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await limited.json()).toMatchObject({
    status: 429,
    detail: expect.stringContaining('at most 3 requests per 60000 ms from one client address'),
  });
  // An unknown path costs budget too: a scanner is limited like any client.
  expect((await fetch(`${service.url}/nowhere`)).status).toBe(429);
  expect((await fetch(`${service.url}/health`)).status).toBe(200);
  expect((await fetch(`${service.url}/ready`)).status).toBe(200);
});
