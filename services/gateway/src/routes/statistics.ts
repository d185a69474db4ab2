import { z } from 'zod';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { evaluationStatsQuerySchema, statistics, statsQuerySchema } from '@voucher/contracts';
import { assertMayCall } from '../http/access.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { authenticateRequest, signedInRouteConfig } from '../http/guard.ts';
import { sendStoredFile, type StoredFileRef } from '../http/stored-file.ts';
import type { SettlementFormDeps } from './settlement.ts';

const readers = ['approver', 'finance', 'district_officer'] as const;
const format = z.object({ format: z.enum(['json', 'csv', 'xlsx']).default('json') });
const vouchersQuery = statsQuerySchema.omit({ district: true }).extend(format.shape);
const evaluationsQuery = evaluationStatsQuerySchema.extend(format.shape);

/**
 * SET-6: the statistics as JSON, or as a CSV or XLSX file that settlement
 * writes and the gateway streams. A district officer sees its own district.
 */
export function statisticsRoutes(deps: SettlementFormDeps): FastifyPluginAsync {
  return async (app) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const sendFile = (reply: FastifyReply, ref: StoredFileRef) => sendStoredFile(reply, deps.storage, ref);
    const signIn = async (request: FastifyRequest) => {
      const caller = await authenticateRequest(request, deps);
      assertMayCall(caller, readers);
      return caller;
    };
    const common = {
      tags: ['statistics'],
      description: 'Roles: admin, approver, finance, district officer (its own district only). A file for csv or xlsx.',
      security: [{ bearerAuth: [] }],
    };
    const errors = { '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema };

    typed.get(
      '/stats/vouchers',
      {
        schema: {
          ...common,
          summary:
            'Vouchers issued, used, redeemed, forfeited, expired and reclaimed (fen) by category, district, provider or month',
          querystring: vouchersQuery,
          response: { 200: statistics.vouchers.reply, ...errors },
        },
        config: signedInRouteConfig,
      },
      async (request, reply) => {
        const caller = await signIn(request);
        const { format: f, ...q } = request.query;
        const ctx = { requestId: request.id, caller };
        if (f === 'json') return deps.bus.request(statistics.vouchers, q, ctx);
        return sendFile(reply, await deps.bus.request(statistics.export, { ...q, kind: 'vouchers', format: f }, ctx));
      },
    );
    typed.get(
      '/stats/evaluations',
      {
        schema: {
          ...common,
          summary: 'Evaluations (good, neutral, bad, good rate) by provider or product',
          querystring: evaluationsQuery,
          response: { 200: statistics.evaluations.reply, ...errors },
        },
        config: signedInRouteConfig,
      },
      async (request, reply) => {
        const caller = await signIn(request);
        const { format: f, ...q } = request.query;
        const ctx = { requestId: request.id, caller };
        if (f === 'json') return deps.bus.request(statistics.evaluations, q, ctx);
        return sendFile(
          reply,
          await deps.bus.request(statistics.export, { ...q, kind: 'evaluations', format: f }, ctx),
        );
      },
    );
  };
}
