import { inventoryEnvSchema, inventoryService } from '@sagaflow/inventory';
import { orderEnvSchema, orderService } from '@sagaflow/order';
import { paymentEnvSchema, paymentService } from '@sagaflow/payment';
import { loadEnv, openApiDocumentPath, type StartOptions, startService } from '@sagaflow/service-kit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { documentGaps, type OpenApiDocument, type RegisteredRoute } from './document-gaps.js';

type RouteOptions = Parameters<NonNullable<StartOptions['onRoute']>>[0];

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

/** Starts the service in-process, recording every route it registers. */
async function serve(start: (onRoute: (route: RouteOptions) => void) => ReturnType<typeof startService>) {
  const routes: RegisteredRoute[] = [];
  const service = await start((route) => routes.push(route as RegisteredRoute));
  stops.push(() => service.stop());
  return { url: service.url, routes };
}

const logger = pino({ level: 'silent' });
const services = {
  order: async () => {
    const { env } = await testEnvironment('openapi-order');
    return serve((onRoute) => startService(orderService, loadEnv(orderEnvSchema, env), { logger, onRoute }));
  },
  inventory: async () => {
    const { env } = await testEnvironment('openapi-inventory');
    return serve((onRoute) =>
      startService(inventoryService, loadEnv(inventoryEnvSchema, env), { logger, onRoute }),
    );
  },
  payment: async () => {
    const { env } = await testEnvironment('openapi-payment');
    return serve((onRoute) =>
      startService(paymentService, loadEnv(paymentEnvSchema, env), { logger, onRoute }),
    );
  },
};

describe.each(Object.entries(services))('the %s service’s OpenAPI document', (name, start) => {
  it('is valid OpenAPI 3, lists every route with its error answers, and has Swagger UI beside it', async () => {
    const { url, routes } = await start();
    const answer = await fetch(url + openApiDocumentPath);
    expect(answer.status).toBe(200);
    const document = (await answer.json()) as OpenApiDocument & Record<string, unknown>;

    const validation = await new Validator().validate(structuredClone(document));
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(document).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: `sagaflow ${name} service` },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    });

    // The hook saw the service's own routes, not only the kit's.
    const own = routes.filter((route) => !/^\/(health|ready|docs)/.test(route.url));
    expect(own.length).toBeGreaterThan(0);
    expect(documentGaps(routes, document)).toEqual([]);

    const ui = await fetch(`${url}/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });
});
