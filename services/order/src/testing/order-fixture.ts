import { topics } from '@sagaflow/contracts';
import { loadEnv, type RunningService, startService } from '@sagaflow/service-kit';
import { KafkaPeer, testEnvironment } from '@sagaflow/service-kit/testing';
import { pino } from 'pino';
import { orderEnvSchema } from '../config.js';
import type { OrderSchema } from '../db/schema.js';
import type { SagaRuntime } from '../runner/runtime.js';
import { orderService, sagaRuntimeFrom } from '../service.js';

export interface OrderFixture {
  service: RunningService<OrderSchema>;
  runtime: SagaRuntime;
  /** Plays inventory and payment: sees the commands, sends the replies. */
  peer: KafkaPeer;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** An order service on a fresh database and topic prefix, with a peer on the command topics. */
export async function startOrderFixture(
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<OrderFixture> {
  const { env: baseEnv, stack, topicPrefix } = await testEnvironment(name, extraEnv);
  const env = loadEnv(orderEnvSchema, baseEnv);
  const runtime = sagaRuntimeFrom(env);
  const service = await startService(
    orderService(env, runtime),
    env,
    pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  );
  const peer = new KafkaPeer(stack.kafkaBrokers, topicPrefix);
  await peer.watch(topics.inventoryCommands);
  await peer.watch(topics.paymentCommands);
  await peer.watch(topics.orderEvents);
  return {
    service,
    runtime,
    peer,
    post: (path, body, headers = {}) =>
      fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async get<T>(path: string) {
      const response = await fetch(`${service.url}${path}`);
      return { status: response.status, body: (await response.json()) as T };
    },
    async close() {
      await peer.close();
      await service.stop();
    },
  };
}
