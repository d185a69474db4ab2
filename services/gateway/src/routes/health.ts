import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { GatewayContext } from '../config.ts';
import { authenticateRequest, type GuardDeps } from '../http/guard.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { CachedReadiness, checkReadiness, publicReadinessSchema, readinessSchema } from '../readiness.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a liveness probe: not counted by the per-IP limit */
    probe?: boolean;
  }
}

/** Marks probe routes so the per-IP limit leaves them alone: a kubelet probes from one address. */
const probeRouteConfig = { probe: true } as const;

/**
 * `/healthz` and `/readyz`, outside `/api/v1` where orchestrators expect them.
 * `/healthz` answers from the process alone, so it is free; `/readyz` reaches
 * every service, so it is cached for a second, counted by the per-IP limit,
 * and names the failing dependencies to signed-in administrators only.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  ctx: Pick<GatewayContext, 'bus' | 'pool' | 'redis'>,
  guard: GuardDeps,
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/healthz',
    {
      config: probeRouteConfig,
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process runs',
        description: 'Roles: public (no token).',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  const readiness = new CachedReadiness((requestId) => checkReadiness(ctx, requestId));
  const answer = z.union([readinessSchema, publicReadinessSchema]);
  typed.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: NATS, PostgreSQL, Redis and every service answer',
        description:
          "Roles: public (no token): `{ status }` only, 200 ready or 503 not ready. An admin's token also gets " +
          '`checks` (which dependency, which service). Answers are kept for a second; counted by the per-IP limit.',
        security: [{}, { bearerAuth: [] }],
        response: { 200: answer, 503: answer, '4xx': errorEnvelopeSchema },
      },
    },
    async (request, reply) => {
      // a token, when sent, must be good (401 otherwise); only an admin's sees the details
      const caller = request.headers.authorization ? await authenticateRequest(request, guard) : undefined;
      const found = await readiness.get(request.id);
      reply.code(found.status === 'ready' ? 200 : 503);
      return caller?.role === 'admin' ? found : { status: found.status };
    },
  );
}
