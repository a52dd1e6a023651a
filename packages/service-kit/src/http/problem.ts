import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** RFC 9457 problem details; `errors` names each offending field. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem' },
);

export interface FieldProblem {
  field: string;
  message: string;
}

/** Thrown by a route for an expected failure: becomes a problem+json reply with this status. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldProblem[],
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

const problemTypes: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  431: 'request-header-fields-too-large',
  500: 'internal-error',
  503: 'unavailable',
};

/**
 * A refusal echoes the client's own input (a field name, a path); clipped and
 * counted, so that a small hostile request cannot buy a reply many times its size.
 */
const maxEchoedChars = 200;
const maxListedProblems = 20;

function clip(text: string): string {
  return text.length <= maxEchoedChars ? text : `${text.slice(0, maxEchoedChars)}… (${text.length} chars)`;
}

export function problemType(status: number): string {
  return `https://sagaflow.dev/problems/${problemTypes[status] ?? 'error'}`;
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: { status: number; title: string; detail?: string; errors?: FieldProblem[] },
): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: problemType(problem.status),
      title: problem.title,
      status: problem.status,
      ...(problem.detail === undefined ? {} : { detail: problem.detail }),
      instance: clip(request.url),
      ...(problem.errors === undefined ? {} : { errors: problem.errors }),
    });
}

function fieldOf(instancePath: string, missingProperty: unknown, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const base = [context, path].filter((part) => part !== undefined && part !== '').join('.');
  return typeof missingProperty === 'string'
    ? [base, missingProperty].filter(Boolean).join('.')
    : base || '(root)';
}

function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    if (issue.keyword === 'additionalProperties') {
      return {
        field: clip(fieldOf(issue.instancePath, params.additionalProperty, error.validationContext)),
        message: 'is not allowed',
      };
    }
    return {
      field: clip(fieldOf(issue.instancePath, params.missingProperty, error.validationContext)),
      message: issue.message ?? 'is invalid',
    };
  });
}

/**
 * The one error handler: validation and client errors become 4xx problems naming
 * the cause; anything else is logged with its stack and answered as a 500 whose
 * body says nothing about the internals.
 */
export const problemDetails = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ProblemError) {
        return sendProblem(reply, request, {
          status: error.status,
          title: error.title,
          detail: error.message,
          ...(error.errors === undefined ? {} : { errors: error.errors }),
        });
      }
      if (error.validation !== undefined) {
        const all = validationProblems(error);
        const errors = all.slice(0, maxListedProblems);
        const unlisted = all.length - errors.length;
        request.log.info({ errors }, 'request refused: invalid input');
        return sendProblem(reply, request, {
          status: 400,
          title: 'Invalid request',
          detail: [
            ...errors.map((problem) => `${problem.field} ${problem.message}`),
            ...(unlisted > 0 ? [`and ${unlisted} more problems`] : []),
          ].join('; '),
          errors,
        });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        request.log.info({ code: error.code, reason: error.message }, 'request refused');
        return sendProblem(reply, request, {
          status,
          title: titleFor(error),
          detail: detailFor(error, request),
        });
      }
      request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, request, {
        status: 500,
        title: 'Internal error',
        detail: 'The request failed; it has been logged.',
      });
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, {
        status: 404,
        title: 'Not found',
        detail: `No route for ${request.method} ${clip(request.url)}`,
      }),
    );
  },
  { name: 'problem-details' },
);

/**
 * For the errors fastify's router answers itself, before any route or error handler
 * (a malformed percent-escape, an over-long path parameter): the same problem shape.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  request.log.info({ code: error.code, reason: error.message }, 'request refused');
  sendProblem(reply, request, { status, title: titleFor(error), detail: clip(error.message) });
}

/** fastify's own message for a too-large body does not say what the limit is. */
function detailFor(error: FastifyError, request: FastifyRequest): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return `Request body is larger than the limit of ${request.routeOptions.bodyLimit} bytes`;
  return clip(error.message);
}

function titleFor(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Body too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported media type';
    case 'FST_ERR_BAD_URL':
      return 'Malformed URL';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'URL too long';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Malformed JSON';
    default:
      return 'Bad request';
  }
}
