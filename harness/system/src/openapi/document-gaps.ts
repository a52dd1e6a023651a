/** What the check needs of a route as fastify's onRoute hook sees it. */
export interface RegisteredRoute {
  method: string | string[];
  url: string;
  schema?: { params?: unknown; querystring?: unknown; body?: unknown; headers?: unknown; hide?: boolean };
  /** The roles a guarded route admits (a route with them needs a token), or 'public'. */
  config?: { access?: unknown };
}

interface OperationObject {
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: Record<string, unknown>[];
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, OperationObject>>;
}

/** The documentation itself (Swagger UI, its assets, the document) is not part of the API. */
const documentationPrefix = '/docs';
/** Probes and the metrics scrape are exempt from the rate limit, so they never answer 429. */
const probes = new Set(['/health', '/ready', '/metrics']);

/** The error answers a route must declare, from what it reads. */
const guarded = (route: RegisteredRoute): boolean =>
  route.config?.access !== undefined && route.config.access !== 'public';

export function requiredProblems(route: RegisteredRoute): string[] {
  const schema = route.schema ?? {};
  const statuses = ['500'];
  if (!probes.has(route.url)) statuses.push('429');
  if (route.url === '/ready') statuses.push('503');
  const readsInput = [schema.params, schema.querystring, schema.body, schema.headers].some(
    (part) => part !== undefined,
  );
  if (readsInput) statuses.push('400');
  if (schema.params !== undefined) statuses.push('414');
  if (schema.body !== undefined) statuses.push('413', '415');
  if (guarded(route)) statuses.push('401', '403');
  return statuses;
}

/** `/orders/:id` as OpenAPI writes it: `/orders/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Every way the document falls short of the routes: a route missing from it, or an
 * operation without one of its error answers as a problem+json body. Empty when none.
 */
export function documentGaps(routes: readonly RegisteredRoute[], document: OpenApiDocument): string[] {
  const gaps: string[] = [];
  for (const route of routes) {
    if (route.url.startsWith(documentationPrefix) || route.schema?.hide === true) continue;
    const methods = (Array.isArray(route.method) ? route.method : [route.method])
      // fastify adds a HEAD route beside each GET; the document lists the GET.
      .filter((method) => method !== 'HEAD');
    for (const method of methods) {
      const name = `${method} ${route.url}`;
      const operation = document.paths?.[openApiPath(route.url)]?.[method.toLowerCase()];
      if (operation === undefined) {
        gaps.push(`${name} is missing from the document`);
        continue;
      }
      if (guarded(route) && !operation.security?.some((each) => 'bearerAuth' in each))
        gaps.push(`${name} needs a token but does not declare the bearerAuth security requirement`);
      for (const status of requiredProblems(route)) {
        const answer = operation.responses?.[status];
        if (answer === undefined) gaps.push(`${name} does not declare ${status}`);
        else if (answer.content?.['application/problem+json'] === undefined)
          gaps.push(`${name} declares ${status} without an application/problem+json body`);
      }
    }
  }
  return gaps;
}
