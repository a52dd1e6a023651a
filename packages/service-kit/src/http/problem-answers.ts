import { ProblemSchema } from './problem.js';

/** The refusals a route can answer, each a problem+json body. */
const problemDescriptions = {
  400: 'Invalid request: the problem names each offending field',
  401: 'No valid bearer token: missing, expired, forged or not for this service (WWW-Authenticate says which)',
  403: 'The token lacks a role this route needs, or its subject may not do this',
  404: 'Not found',
  409: 'Refused by the current state',
  413: 'Request body larger than the limit',
  414: 'Path parameter longer than the limit',
  415: 'Unsupported media type: the body must be JSON',
  422: 'Well-formed, but not acceptable (e.g. an idempotency key reused with another body)',
  429: 'Too many requests from this client address; Retry-After says when to come back',
  500: 'Internal error; it has been logged',
  503: 'Not ready: a dependency or a consumer is down',
} as const;

export type ProblemStatus = keyof typeof problemDescriptions;

export interface ProblemAnswer {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemSchema } };
}

/**
 * Response schemas for these statuses, as a route's `response` declares them: the
 * OpenAPI document lists each with its meaning, and the reply is serialized by it.
 */
export function problemAnswers(...statuses: readonly ProblemStatus[]): Record<number, ProblemAnswer> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemDescriptions[status],
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/** What any rate-limited route can answer, whatever it does: 429 and 500. */
export const everyRouteProblems = problemAnswers(429, 500);

/** What any route reading a JSON body can answer: 400, 413, 415, plus 429 and 500. */
export const bodyProblems = { ...problemAnswers(400, 413, 415), ...everyRouteProblems };
