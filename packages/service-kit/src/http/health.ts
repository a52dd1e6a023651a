import type { ConsumerCrash } from '@sagaflow/outbox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';
import { problemAnswers } from './problem-answers.js';

export type ReadinessCheck = () => Promise<void>;

/** `/health`: the process serves. `/ready`: every dependency answers within the timeout. */
export const healthRoutes = fp(
  async (app: FastifyInstance, options: { checks: Record<string, ReadinessCheck>; timeoutMs?: number }) => {
    const timeoutMs = options.timeoutMs ?? 2_000;
    app.get('/health', { schema: healthSchema }, async () => ({ status: 'ok' }));
    app.get('/ready', { schema: readySchema }, async (request, reply) => {
      const results = await Promise.all(
        Object.entries(options.checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), timeoutMs, name);
            return [name, 'ok'] as const;
          } catch (error) {
            return [name, (error as Error).message] as const;
          }
        }),
      );
      const failing = results.filter(([, outcome]) => outcome !== 'ok');
      if (failing.length === 0) return { status: 'ready', checks: Object.fromEntries(results) };
      request.log.warn({ failing: Object.fromEntries(failing) }, 'not ready');
      return sendProblem(reply, request, {
        status: 503,
        title: 'Not ready',
        detail: failing.map(([name, outcome]) => `${name}: ${outcome}`).join('; '),
      });
    });
  },
  { name: 'health-routes' },
);

const healthSchema = {
  summary: 'The process serves',
  response: { 200: Type.Object({ status: Type.Literal('ok') }), ...problemAnswers(500) },
};

const readySchema = {
  summary: 'Every dependency answers; 503 names the ones that do not',
  response: {
    200: Type.Object({
      status: Type.Literal('ready'),
      checks: Type.Record(Type.String(), Type.Literal('ok')),
    }),
    ...problemAnswers(500, 503),
  },
};

/** The consumer check: failing while a consumer crashed and is being restarted, with why and since when. */
export async function consumerRunning(messaging: { consumer: { crash: ConsumerCrash | undefined } }) {
  const { crash } = messaging.consumer;
  if (crash === undefined) return;
  const seconds = Math.round((Date.now() - crash.since.getTime()) / 1000);
  throw new Error(`crashed ${seconds} s ago (${crash.reason}); ${crash.restartedBy} is restarting it`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
