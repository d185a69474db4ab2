import { z } from 'zod';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { evaluationStatsQuerySchema, statistics, statsQuerySchema } from '@voucher/contracts';
import { describeAccess } from '../http/access.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { guardedBy } from '../http/guard.ts';
import { routeAccess } from '../http/route-access.ts';
import { requestContext } from '../http/request-tracing.ts';
import { sendStoredFile, type StoredFileRef } from '../http/stored-file.ts';
import type { SettlementFormDeps } from './settlement.ts';

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
    const common = {
      tags: ['statistics'],
      description: `${describeAccess(routeAccess['GET /stats/vouchers'])} A district officer sees its own district only. A file for csv or xlsx.`,
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
        ...guardedBy(deps, 'GET /stats/vouchers'),
      },
      async (request, reply) => {
        const { format: f, ...q } = request.query;
        const ctx = requestContext(request);
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
        ...guardedBy(deps, 'GET /stats/evaluations'),
      },
      async (request, reply) => {
        const { format: f, ...q } = request.query;
        const ctx = requestContext(request);
        if (f === 'json') return deps.bus.request(statistics.evaluations, q, ctx);
        return sendFile(
          reply,
          await deps.bus.request(statistics.export, { ...q, kind: 'evaluations', format: f }, ctx),
        );
      },
    );
  };
}
