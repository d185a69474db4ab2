import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { PUBLICATION_MAX_BYTES, publicationSchema } from '@voucher/contracts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import type { PublicationVerifier } from '../verify/verifier.ts';

/**
 * `POST /lottery/verify` (public, API.md): the verifier of LOT-6 for anyone
 * holding a publication. The body stays bytes on the event loop: the worker
 * reads, checks and re-derives it (src/verify). At most the largest real
 * publication is read (PUBLICATION_MAX_BYTES, 49 MiB; beyond it 413).
 */
export function verifyRoute(verifier: PublicationVerifier): FastifyPluginAsync {
  return async (app) => {
    // this scope only: JSON is kept as bytes, nothing else is read
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: PUBLICATION_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
    app.post(
      '/lottery/verify',
      {
        bodyLimit: PUBLICATION_MAX_BYTES,
        schema: {
          tags: ['lottery'],
          summary: `Verify a publication document: is every winner the one LOT-6 derives? (up to ${PUBLICATION_MAX_BYTES / 1024 / 1024} MiB)`,
          description:
            'Roles: public (no token). 413 over the size of the largest real publication; 429 while other documents are being verified; 504 past the time limit.',
          body: publicationSchema,
          response: {
            200: z.object({ valid: z.boolean(), mismatches: z.array(z.string()) }),
            '4xx': errorEnvelopeSchema,
            '5xx': errorEnvelopeSchema,
          },
        },
        // the schema documents the body; the worker checks it (parsing it here would hold the event loop)
        validatorCompiler: () => () => true,
        onRequest: async (_request, reply) => {
          // from the first byte read to the answer sent, or the connection's end
          reply.raw.once('close', verifier.admit());
        },
      },
      async (request) => verifier.verify(request.body as Buffer),
    );
  };
}
