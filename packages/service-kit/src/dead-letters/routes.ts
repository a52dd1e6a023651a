import {
  type DeadLetter,
  type DeadLetterHandling,
  type DeadLetterSummary,
  decodeCursor,
  listDeadLetters,
  type OutboxDatabase,
  type ReplayOutcome,
  readDeadLetter,
  replayDeadLetter,
  resolveDeadLetter,
} from '@sagaflow/outbox';
import fp from 'fastify-plugin';
import { assertNever } from '../assert-never.js';
import { principalOf } from '../auth/plugin.js';
import { auditActor, OperatorReasonBody } from '../http/audit.js';
import { ProblemError } from '../http/problem.js';
import { bodyProblems, everyRouteProblems, problemAnswers } from '../http/problem-answers.js';
import type { HttpServer } from '../http/server.js';
import { DeadLetterIdParams, DeadLetterList, DeadLetterView, ListDeadLettersQuery } from './schemas.js';

export interface DeadLetterRoutesOptions {
  db: OutboxDatabase;
  /** The service's KAFKA_TOPIC_PREFIX: a consumer's dead letter names its topic with it. */
  topicPrefix: string;
}

const operatorOnly = { access: ['operator'] } as const;

/**
 * The operator's view of the service's dead letters: list them, read one, and
 * handle one, by resolving it (dealt with elsewhere) or replaying its message. Who
 * handled it (the token's subject) and why (the body's reason) are recorded on it;
 * handling one already handled is a 409, so a message is never replayed twice.
 */
export const deadLetterRoutes = fp(
  async (app: HttpServer, { db, topicPrefix }: DeadLetterRoutesOptions) => {
    app.get(
      '/dead-letters',
      {
        config: operatorOnly,
        schema: {
          summary: 'Dead letters, newest first, a page at a time',
          querystring: ListDeadLettersQuery,
          response: { 200: DeadLetterList, ...problemAnswers(400), ...everyRouteProblems },
        },
      },
      async (request) => {
        const { status, limit, cursor: text } = request.query;
        const cursor = text === undefined ? undefined : decodeCursor(text);
        if (text !== undefined && cursor === undefined)
          throw new ProblemError(400, 'Invalid request', 'cursor is not a nextCursor this route gave', [
            { field: 'querystring.cursor', message: 'is not a nextCursor this route gave' },
          ]);
        const page = await listDeadLetters(db, {
          status,
          limit,
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

    const actions = {
      resolve: 'Mark it handled: dealt with otherwise; it then ages out',
      replay: 'Publish its envelope again (same message id) onto its topic and key, and mark it handled',
    } as const;
    for (const [action, summary] of Object.entries(actions) as [keyof typeof actions, string][]) {
      app.post(
        `/dead-letters/:id/${action}`,
        {
          config: operatorOnly,
          schema: {
            summary,
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
          const handling = { actor: `operator:${auditActor(principalOf(request).subject)}`, ...request.body };
          const outcome: ReplayOutcome = await db.transaction((tx) =>
            action === 'resolve'
              ? resolveDeadLetter(tx, id, handling)
              : replayDeadLetter(tx, id, { ...handling, topicPrefix }),
          );
          switch (outcome.kind) {
            case 'handled':
              request.log.info(
                { deadLetterId: id, messageId: outcome.deadLetter.messageId, action, ...handling },
                'dead letter handled',
              );
              return deadLetterJson(outcome.deadLetter);
            case 'notFound':
              throw notFound(id);
            case 'alreadyHandled':
              throw new ProblemError(409, 'Already handled', alreadyHandled(id, outcome.deadLetter.handled));
            case 'notReplayable':
              throw new ProblemError(422, 'Cannot be replayed', outcome.problem);
            default:
              return assertNever(outcome);
          }
        },
      );
    }
  },
  { name: 'dead-letter-routes', fastify: '5.x', dependencies: ['authentication'] },
);

function notFound(id: string): ProblemError {
  return new ProblemError(404, 'Dead letter not found', `No dead letter has id ${id}`);
}

function alreadyHandled(id: string, handled: DeadLetterHandling | null): string {
  const how = handled?.action ?? 'handled';
  const by = handled?.by === null || handled?.by === undefined ? '' : ` by ${handled.by}`;
  return `dead letter ${id} was ${how}${by} at ${handled?.at.toISOString() ?? 'an unknown time'}; it is not handled again`;
}

function handlingJson(handled: DeadLetterHandling | null) {
  return handled === null ? null : { ...handled, at: handled.at.toISOString() };
}

function summaryJson(summary: DeadLetterSummary) {
  return { ...summary, failedAt: summary.failedAt.toISOString(), handled: handlingJson(summary.handled) };
}

function deadLetterJson(deadLetter: DeadLetter) {
  return {
    ...summaryJson(deadLetter),
    envelope: deadLetter.envelope,
    raw: deadLetter.raw,
    headers: deadLetter.headers,
  };
}
