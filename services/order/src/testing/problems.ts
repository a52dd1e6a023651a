import { expect } from 'vitest';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** What a test needs of a response, from `app.inject` or `fetch` alike. */
export interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

export function answerOfInject(response: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}): Answer {
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: typeof contentType === 'string' ? contentType : undefined,
    text: response.body,
  };
}

export async function answerOfFetch(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    text: await response.text(),
  };
}

/** Largest problem body any refusal may produce: a small request must not buy a huge answer. */
export const maxProblemBytes = 16 * 1024;

/**
 * A refusal as every client may rely on: a 4xx, never a 5xx, in problem+json, with
 * a title, the status repeated, and a detail that is not empty.
 */
export function expectRefusal(answer: Answer, statuses?: readonly number[]): Problem {
  const context = `${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
  expect(answer.status, context).toBeGreaterThanOrEqual(400);
  expect(answer.status, context).toBeLessThan(500);
  if (statuses !== undefined) expect(statuses, context).toContain(answer.status);
  expect(answer.contentType, context).toMatch(/^application\/problem\+json/);
  expect(Buffer.byteLength(answer.text), context).toBeLessThanOrEqual(maxProblemBytes);
  const problem = JSON.parse(answer.text) as Problem;
  expect(problem.status, context).toBe(answer.status);
  expect(problem.title, context).toEqual(expect.any(String));
  expect(problem.title.length, context).toBeGreaterThan(0);
  expect(problem.detail, context).toEqual(expect.any(String));
  expect(problem.detail.length, context).toBeGreaterThan(0);
  return problem;
}

/** The problem names `field` itself or a field inside it. */
export function expectNamesField(problem: Problem, field: string): void {
  const fields = (problem.errors ?? []).map((error) => error.field);
  expect(
    fields.some((named) => named === field || named.startsWith(`${field}.`)),
    `expected ${field} among ${JSON.stringify(fields)}: ${problem.detail.slice(0, 300)}`,
  ).toBe(true);
}
