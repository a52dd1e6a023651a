import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  onRequestHookHandler,
  RouteOptions,
} from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../http/problem.js';
import { problemAnswers } from '../http/problem-answers.js';
import { type Access, bearerTokenOf, challengeOf, decideAccess, isPublicPath } from './access.js';
import { KeySetUnavailable, type Principal, TokenRefused, type TokenVerifier } from './verify.js';

/** A route as the authentication plugin registered it: who may call it. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | 'public';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered so far with its access: what the access table and its tests read. */
    readonly routeAccess: readonly RouteAccess[];
  }
  interface FastifyContextConfig {
    /**
     * Who may call the route; required on every route but the kit's public ones
     * (isPublicPath). `'public'` serves anyone, said out loud: static assets whose
     * data calls are guarded themselves.
     */
    access?: Access | 'public';
  }
  interface FastifyRequest {
    /** The verified caller, on a route that declares its access. */
    principal: Principal | undefined;
  }
}

/** The OpenAPI security requirement of a guarded route; the scheme itself is the API document's. */
export const bearerSecurity = [{ bearerAuth: [] }];

/** Thrown at registration: a route that says nothing about who may call it is a bug, not a public route. */
export class UndeclaredAccessError extends Error {
  constructor(method: string, url: string) {
    super(
      `${method} ${url} declares no access: add config: { access: ['operator'] } (or the roles that may call it)`,
    );
    this.name = 'UndeclaredAccessError';
  }
}

/**
 * Bearer authentication on every route. Each route is checked as it is
 * registered: a public path passes untouched; any other route must declare
 * `config.access`, or registering it throws. A guarded route gets a first
 * onRequest step (before its body is read) that answers 401 for a missing or
 * refused token and 403 for a token without one of the route's roles, and its
 * schema gets those answers and the bearer security requirement.
 *
 * Register it, awaited, before any route: a route declared before its onRoute
 * hook exists would escape the check.
 */
export const authentication = fp(
  async (app: FastifyInstance, options: { verify: TokenVerifier }) => {
    const registered: RouteAccess[] = [];
    app.decorate('routeAccess', registered);
    app.decorateRequest('principal', undefined);
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      const methods = [route.method].flat().map(String);
      if (access === undefined || access === 'public') {
        if (access === undefined && !isPublicPath(route.url))
          throw new UndeclaredAccessError(methods.join(','), route.url);
        for (const method of methods) registered.push({ method, url: route.url, access: 'public' });
        return;
      }
      guard(route, access, options.verify);
      for (const method of methods) registered.push({ method, url: route.url, access });
    });
  },
  { name: 'authentication', fastify: '5.x' },
);

function guard(route: RouteOptions, access: Access, verify: TokenVerifier): void {
  // An async hook that answered must return the reply, or fastify goes on to the handler.
  const check: onRequestHookHandler = async (request, reply) => authenticate(request, reply, access, verify);
  const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
  route.onRequest = [check, ...existing];
  // `security` is an OpenAPI keyword fastify's schema type does not name; @fastify/swagger reads it.
  const schema: FastifySchema & { security: typeof bearerSecurity } = {
    ...route.schema,
    security: bearerSecurity,
    response: { ...(route.schema?.response as object | undefined), ...problemAnswers(401, 403) },
  };
  route.schema = schema;
}

async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  access: Access,
  verify: TokenVerifier,
): Promise<FastifyReply | undefined> {
  const bearer = bearerTokenOf(request.headers.authorization);
  if ('problem' in bearer) {
    return unauthorized(
      request,
      reply,
      bearer.problem === 'missing' ? undefined : 'the Authorization header holds no well-formed bearer token',
    );
  }
  let principal: Principal;
  try {
    principal = await verify(bearer.token);
  } catch (error) {
    if (error instanceof TokenRefused) return unauthorized(request, reply, error.description);
    if (error instanceof KeySetUnavailable) {
      request.log.error({ err: error }, 'bearer token not verified: key set unavailable');
      return sendProblem(reply, request, {
        status: 503,
        title: 'Unavailable',
        detail: 'The keys that verify tokens could not be fetched; retry later.',
      });
    }
    throw error;
  }
  const decision = decideAccess(access, principal);
  if (decision.kind === 'forbidden') {
    request.log.info({ subject: principal.subject, roles: principal.roles }, 'request refused: role');
    reply.header(
      'www-authenticate',
      challengeOf({ code: 'insufficient_scope', description: decision.description }),
    );
    return sendProblem(reply, request, {
      status: 403,
      title: 'Forbidden',
      detail: `Forbidden: ${decision.description}`,
    });
  }
  request.principal = principal;
  return undefined;
}

function unauthorized(request: FastifyRequest, reply: FastifyReply, description?: string): FastifyReply {
  request.log.info({ reason: description ?? 'no bearer token' }, 'request refused: unauthenticated');
  reply.header(
    'www-authenticate',
    challengeOf(description === undefined ? undefined : { code: 'invalid_token', description }),
  );
  return sendProblem(reply, request, {
    status: 401,
    title: 'Unauthorized',
    detail:
      description === undefined
        ? 'This route needs a bearer token (Authorization: Bearer <token>)'
        : `The bearer token is refused: ${description}`,
  });
}

/** The caller of a guarded route; a route that reads it without declaring access is a bug. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined)
    throw new Error(`${request.method} ${request.url}: no principal; does the route declare its access?`);
  return request.principal;
}
