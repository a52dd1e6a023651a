import { describe, expect, it } from 'vitest';
import { documentGaps, type OpenApiDocument, openApiPath, requiredProblems } from './document-gaps.js';

const problem = { content: { 'application/problem+json': { schema: {} } } };
const answers = (...statuses: string[]) => Object.fromEntries(statuses.map((status) => [status, problem]));

describe('documentGaps', () => {
  const route = { method: 'POST', url: '/things/:id', schema: { params: {}, body: {} } };

  it('asks a route with a body and a path parameter for every refusal it can give', () => {
    expect(requiredProblems(route).sort()).toEqual(['400', '413', '414', '415', '429', '500']);
    expect(requiredProblems({ method: 'GET', url: '/ready' }).sort()).toEqual(['500', '503']);
  });

  it('finds nothing when the document covers the routes', () => {
    const document: OpenApiDocument = {
      paths: { '/things/{id}': { post: { responses: answers('400', '413', '414', '415', '429', '500') } } },
    };
    expect(documentGaps([route, { method: ['GET', 'HEAD'], url: '/docs/json' }], document)).toEqual([]);
  });

  it('names a missing route, a missing answer and an answer that is not a problem', () => {
    const document: OpenApiDocument = {
      paths: {
        '/things/{id}': {
          post: { responses: { ...answers('400', '413', '414', '429'), '415': { content: {} } } },
        },
      },
    };
    expect(documentGaps([route, { method: ['GET', 'HEAD'], url: '/other' }], document)).toEqual([
      'POST /things/:id does not declare 500',
      'POST /things/:id declares 415 without an application/problem+json body',
      'GET /other is missing from the document',
    ]);
  });

  it('asks a guarded route for 401, 403 and the bearer security requirement', () => {
    const guarded = { method: 'GET', url: '/mine', config: { access: ['operator'] } };
    expect(requiredProblems(guarded).sort()).toEqual(['401', '403', '429', '500']);
    const document: OpenApiDocument = {
      paths: { '/mine': { get: { responses: answers('401', '403', '429', '500') } } },
    };
    expect(documentGaps([guarded], document)).toEqual([
      'GET /mine needs a token but does not declare the bearerAuth security requirement',
    ]);
  });

  it('writes path parameters as OpenAPI does', () => {
    expect(openApiPath('/wallets/:customerId/entries')).toBe('/wallets/{customerId}/entries');
  });
});
