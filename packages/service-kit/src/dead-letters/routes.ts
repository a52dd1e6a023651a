import {
  decodeCursor,
  type InboxReplay,
  inBulk,
  inOwnTransaction,
  listDeadLetters,
  type OutboxDatabase,
  readDeadLetter,
} from '@sagaflow/outbox';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { principalOf } from '../auth/plugin.js';
import { auditActor, OperatorReasonBody } from '../http/audit.js';
import { ProblemError } from '../http/problem.js';
import { bodyProblems, everyRouteProblems, problemAnswers } from '../http/problem-answers.js';
import type { HttpServer } from '../http/server.js';
import { type ActionContext, act, type DeadLetterActionName } from './actions.js';
import { deadLetterJson, notFound, problemOf, summaryJson } from './json.js';
import {
  BulkAnswer,
  BulkBody,
  DeadLetterIdParams,
  DeadLetterList,
  DeadLetterView,
  ListDeadLettersQuery,
} from './schemas.js';

export interface DeadLetterRoutesOptions {
  db: OutboxDatabase;
  /** The service's KAFKA_TOPIC_PREFIX: a consumer's dead letter names its topic with it. */
  topicPrefix: string;
  /**
   * The service's consumer intake (Messaging's `inbox`): a consumer's dead letter is
   * then replayed by handling it again through it. Without it, back through the broker.
   */
  inbox?: InboxReplay;
}

const operatorOnly = { access: ['operator'] } as const;

const handlingOf = (request: FastifyRequest, reason: string) => ({
  actor: `operator:${auditActor(principalOf(request).subject)}`,
  reason,
});

const actionSummaries: Record<DeadLetterActionName, string> = {
  resolve: 'Mark it handled: dealt with otherwise; it then ages out',
  replay:
    'Take it again: a relay’s is published again (same message id) onto its topic and key; a consumer’s is handled again by this service, through its inbox',
  discard: 'Mark it discarded: its message is never to take effect; it then ages out',
};

/**
 * The operator's view of the service's dead letters: list them (filtered), read one,
 * and handle one or many, by resolving, discarding or replaying. Who handled it (the
 * token's subject) and why (the body's reason) are recorded on it; handling one
 * already handled is a 409, so a message is never replayed twice.
 */
export const deadLetterRoutes = fp(
  async (app: HttpServer, { db, topicPrefix, inbox }: DeadLetterRoutesOptions) => {
    const context: ActionContext = { topicPrefix, ...(inbox === undefined ? {} : { inbox }) };

    app.get(
      '/dead-letters',
      {
        config: operatorOnly,
        schema: {
          summary: 'Dead letters, newest first, a page at a time, optionally filtered',
          querystring: ListDeadLettersQuery,
          response: { 200: DeadLetterList, ...problemAnswers(400), ...everyRouteProblems },
        },
      },
      async (request) => {
        const { status, limit, cursor: text, topic, type, source, consumerGroup } = request.query;
        const cursor = text === undefined ? undefined : decodeCursor(text);
        if (text !== undefined && cursor === undefined)
          throw new ProblemError(400, 'Invalid request', 'cursor is not a nextCursor this route gave', [
            { field: 'querystring.cursor', message: 'is not a nextCursor this route gave' },
          ]);
        const filter = {
          ...(topic === undefined ? {} : { topic }),
          ...(type === undefined ? {} : { type }),
          ...(source === undefined ? {} : { source }),
          ...(consumerGroup === undefined ? {} : { consumerGroup }),
        };
        const page = await listDeadLetters(db, {
          status,
          limit,
          filter,
          ...(cursor === undefined ? {} : { cursor }),
        });
        return { items: page.items.map(summaryJson), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/dead-letters/:id',
      {
        config: operatorOnly,
        schema: {
          summary: 'One dead letter, with its envelope or raw value',
          params: DeadLetterIdParams,
          response: { 200: DeadLetterView, ...problemAnswers(400, 404, 414), ...everyRouteProblems },
        },
      },
      async (request) => {
        const deadLetter = await readDeadLetter(db, request.params.id);
        if (deadLetter === undefined) throw notFound(request.params.id);
        return deadLetterJson(deadLetter);
      },
    );

    for (const action of Object.keys(actionSummaries) as DeadLetterActionName[]) {
      app.post(
        `/dead-letters/:id/${action}`,
        {
          config: operatorOnly,
          schema: {
            summary: actionSummaries[action],
            params: DeadLetterIdParams,
            body: OperatorReasonBody,
            response: {
              200: DeadLetterView,
              ...problemAnswers(404, 409, 414, ...(action === 'replay' ? ([422] as const) : [])),
              ...bodyProblems,
            },
          },
        },
        async (request) => {
          const { id } = request.params;
          const handling = handlingOf(request, request.body.reason);
          const outcome = await inOwnTransaction(db, (tx) => act(tx, id, action, handling, context));
          const problem = problemOf(id, outcome);
          if (problem !== undefined) throw problem;
          if (outcome.kind !== 'handled') throw new Error(`unexpected outcome ${outcome.kind}`);
          request.log.info(
            { deadLetterId: id, messageId: outcome.deadLetter.messageId, action, ...handling },
            'dead letter handled',
          );
          return deadLetterJson(outcome.deadLetter);
        },
      );
    }

    const bulkSummaries = {
      replay:
        'Replay the unhandled dead letters matching the filter, oldest first, each in its own transaction',
      discard:
        'Discard the unhandled dead letters matching the filter, oldest first, each in its own transaction',
    } as const satisfies Partial<Record<DeadLetterActionName, string>>;
    for (const action of Object.keys(bulkSummaries) as (keyof typeof bulkSummaries)[]) {
      app.post(
        `/dead-letters/${action}`,
        {
          config: operatorOnly,
          schema: {
            summary: bulkSummaries[action],
            body: BulkBody,
            response: { 200: BulkAnswer, ...bodyProblems },
          },
        },
        async (request) => {
          const { reason, filter, limit } = request.body;
          const handling = handlingOf(request, reason);
          const { matched, outcomes } = await inBulk(db, { filter, limit }, (tx, id) =>
            act(tx, id, action, handling, context),
          );
          const handled: string[] = [];
          const refused: { id: string; problem: string }[] = [];
          for (const { id, outcome } of outcomes) {
            const problem = problemOf(id, outcome);
            if (problem === undefined) handled.push(id);
            else refused.push({ id, problem: problem.message });
          }
          request.log.info(
            { action, filter, limit, matched, handled: handled.length, refused: refused.length, ...handling },
            'dead letters handled in bulk',
          );
          return { matched, handled, refused };
        },
      );
    }
  },
  { name: 'dead-letter-routes', fastify: '5.x', dependencies: ['authentication'] },
);
