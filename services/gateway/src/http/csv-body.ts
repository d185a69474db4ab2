import type { FastifyInstance } from 'fastify';

/**
 * The directory import (QUA-3) takes `text/csv` as it is exported from a
 * spreadsheet; the owning service parses it. Registered only in that route's
 * scope: anywhere else a CSV body is 415 before a byte of it is read.
 */
export function acceptCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => {
    done(null, body);
  });
}
