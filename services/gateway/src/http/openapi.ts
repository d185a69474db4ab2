import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

const DOCS_PREFIX = '/docs';

/**
 * The OpenAPI document, built from the routes' zod schemas (API.md: every
 * route documented). Registered before any route, since @fastify/swagger
 * collects routes as they are added. 3.1 so that a 204's `null` schema reads
 * as "no content" rather than a nullable string.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SME voucher platform API',
        description: 'The gateway: every route is under /api/v1; errors are `{ error: { code, message, details? } }`.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
}
