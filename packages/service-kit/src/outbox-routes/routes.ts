import { type OutboxDatabase, readCorrelation, readOutboxStatus } from '@sagaflow/outbox';
import fp from 'fastify-plugin';
import { everyRouteProblems, problemAnswers } from '../http/problem-answers.js';
import type { HttpServer } from '../http/server.js';
import { CorrelationView, MessagesQuery, OutboxStatusView } from './schemas.js';

export interface OutboxRoutesOptions {
  db: OutboxDatabase;
  /** The service's name, which every answer carries: a console reads several services. */
  service: string;
}

const operatorOnly = { access: ['operator'] } as const;

/** The operator's view of the service's messaging: its outbox at a glance, and one saga's messages. */
export const outboxRoutes = fp(
  async (app: HttpServer, { db, service }: OutboxRoutesOptions) => {
    app.get(
      '/outbox',
      {
        config: operatorOnly,
        schema: {
          summary: 'The outbox at a glance: what waits for the broker, and the dead letters to handle',
          response: { 200: OutboxStatusView, ...everyRouteProblems },
        },
      },
      async () => {
        const status = await readOutboxStatus(db);
        return {
          service,
          pending: status.pending,
          retrying: status.retrying,
          oldestPendingAt: status.oldestPendingAt?.toISOString() ?? null,
          oldestPendingAgeMs: status.oldestPendingAgeMs,
          deadLetters: { unhandled: status.unhandledDeadLetters },
        };
      },
    );

    app.get(
      '/messages',
      {
        config: operatorOnly,
        schema: {
          summary: 'What this service did for one saga: the messages it handled, published, and still holds',
          querystring: MessagesQuery,
          response: { 200: CorrelationView, ...problemAnswers(400), ...everyRouteProblems },
        },
      },
      async (request) => {
        const { handled, published, pending } = await readCorrelation(db, request.query.correlationId);
        return {
          service,
          handled: handled.map((row) => ({ ...row, processedAt: row.processedAt.toISOString() })),
          published: published.map((row) => ({
            ...row,
            occurredAt: row.occurredAt.toISOString(),
            publishedAt: row.publishedAt.toISOString(),
          })),
          pending: pending.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() })),
        };
      },
    );
  },
  { name: 'outbox-routes', fastify: '5.x', dependencies: ['authentication'] },
);
