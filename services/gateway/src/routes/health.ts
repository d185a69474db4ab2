import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { GatewayContext } from '../config.ts';
import { checkReadiness, readinessSchema } from '../readiness.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a health probe: not counted by the per-IP limit */
    probe?: boolean;
  }
}

/** Marks probe routes so the per-IP limit leaves them alone: a kubelet probes from one address. */
export const probeRouteConfig = { probe: true } as const;

/** `/healthz` and `/readyz`, outside `/api/v1` where orchestrators expect them. */
export function registerHealthRoutes(app: FastifyInstance, ctx: Pick<GatewayContext, 'bus' | 'pool' | 'redis'>) {
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
  typed.get(
    '/readyz',
    {
      config: probeRouteConfig,
      schema: {
        tags: ['health'],
        summary: 'Readiness: NATS, PostgreSQL, Redis and every service answer',
        description: 'Roles: public (no token). 503 with the failing checks when not ready.',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (request, reply) => {
      const readiness = await checkReadiness(ctx, request.id);
      return reply.code(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );
}
