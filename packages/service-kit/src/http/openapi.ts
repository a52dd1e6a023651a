import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';

export interface OpenApiOptions {
  /** The service's name: the document's title. */
  title: string;
  version?: string;
}

/** Where the document and its UI are served; the UI's own routes are left out of the document. */
export const openApiDocumentPath = '/docs/json';

/** The schema of a route left out of the document: static pages, another service's forwarded API. */
export const undocumented: FastifySchema = { hide: true };

/**
 * The OpenAPI 3 document, generated from the routes' TypeBox schemas as they are
 * registered (so this plugin goes before any route), at `/docs/json`, and Swagger UI
 * at `/docs`. Routes that require a token say so with `security: [{ bearerAuth: [] }]`.
 */
export const openApiDocs = fp(
  async (app: FastifyInstance, options: OpenApiOptions) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: `sagaflow ${options.title} service`,
          version: options.version ?? '0.0.0',
        },
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi-docs' },
);
