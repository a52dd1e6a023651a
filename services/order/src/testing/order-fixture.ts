import { CustomerId, topics } from '@sagaflow/contracts';
import { loadEnv, startService } from '@sagaflow/service-kit';
import { bearer, KafkaPeer, type LocalAuth } from '@sagaflow/testkit';
import { testEnvironment } from '@sagaflow/testkit/vitest';
import { Value } from '@sinclair/typebox/value';
import { pino } from 'pino';
import { orderEnvSchema } from '../config.js';
import type { SagaRuntime } from '../runner/runtime.js';
import { orderService, type RunningOrder, sagaRuntimeFrom } from '../service.js';

export interface OrderFixture {
  readonly service: RunningOrder;
  readonly runtime: SagaRuntime;
  /** Stops the service and starts it again on the same database and topics: a redeploy. */
  restart(extraEnv?: Record<string, string>, whileDown?: () => Promise<void>): Promise<void>;
  /** Plays inventory and payment: sees the commands, sends the replies. */
  peer: KafkaPeer;
  /** Mints the tokens the service accepts. */
  auth: LocalAuth;
  /**
   * POSTs as the caller the path expects unless `headers` carry an authorization:
   * `/orders` as the customer the body names (or `cust-1`), anything else as an operator.
   */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** GETs as an operator unless `headers` carry an authorization. */
  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** An order service on a fresh database and topic prefix, with a peer on the command topics. */
export async function startOrderFixture(
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<OrderFixture> {
  const { env: baseEnv, stack, topicPrefix, auth } = await testEnvironment(name, extraEnv);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const launch = async (overrides: Record<string, string>) => {
    const env = loadEnv(orderEnvSchema, { ...baseEnv, ...overrides });
    const service = await startService(orderService, env, { logger });
    return { runtime: sagaRuntimeFrom(env, service.sink), service };
  };
  let current = await launch({});
  const peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
  await peer.watch(topics.inventoryCommands);
  await peer.watch(topics.paymentCommands);
  await peer.watch(topics.orderEvents);
  return {
    get service() {
      return current.service;
    },
    get runtime() {
      return current.runtime;
    },
    async restart(overrides = {}, whileDown) {
      await current.service.stop();
      await whileDown?.();
      current = await launch(overrides);
    },
    peer,
    auth,
    post: async (path, body, headers = {}) =>
      fetch(`${current.service.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...bearer(path === '/orders' ? await auth.customer(customerNamedBy(body)) : await auth.operator()),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async get<T>(path: string, headers: Record<string, string> = {}) {
      const response = await fetch(`${current.service.url}${path}`, {
        headers: { ...bearer(await auth.operator()), ...headers },
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    async close() {
      await peer.close();
      await current.service.stop();
    },
  };
}

/** The customer an order body names, when it names one the way a token subject can; else `cust-1`. */
export function customerNamedBy(body: unknown): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      // As the server's parser does, a leading byte-order mark is skipped.
      parsed = JSON.parse(body.replace(/^\ufeff/, ''));
    } catch {
      parsed = undefined;
    }
  }
  const named =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as { customerId?: unknown }).customerId
      : undefined;
  return Value.Check(CustomerId, named) ? named : 'cust-1';
}
