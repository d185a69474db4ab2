import type { FastifyInstance } from 'fastify';

/**
 * Fastify refuses an empty body sent as `application/json`, which many
 * clients do on bodiless POSTs (logout). An empty body reads as no body; a
 * route that needs one then fails its schema with VALIDATION_FAILED like any
 * other missing input. Everything else goes to Fastify's own safe parser.
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
