import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Bus } from '@voucher/bus';
import {
  AppError,
  campaignBody,
  campaignStateSchema,
  categoryBody,
  idSchema,
  lottery,
  publicationSchema,
} from '@voucher/contracts';
import type { BlobStorage } from '@voucher/storage';
import { describeAccess } from '../http/access.ts';
import { guardedBy, type GuardDeps } from '../http/guard.ts';
import { routeAccess } from '../http/route-access.ts';
import { requestContext } from '../http/request-tracing.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { route, type RouteDef } from '../http/route-table.ts';

const byId = z.object({ id: idSchema });
const none = () => ({});

/** API.md § Lottery: the routes that are one bus command each. */
export const lotteryRoutes: readonly RouteDef[] = [
  route({
    method: 'POST',
    url: '/lottery/categories',
    tags: ['lottery'],
    summary: 'Create a voucher category (LOT-1)',
    body: categoryBody,
    command: lottery.createCategory,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'GET',
    url: '/lottery/categories',
    tags: ['lottery'],
    summary: 'Voucher categories with face value, validity, redemption mode and annual limit',
    command: lottery.listCategories,
    payload: none,
  }),
  route({
    method: 'PATCH',
    url: '/lottery/categories/:code',
    tags: ['lottery'],
    summary: 'Rename a category or change its annual limit',
    params: lottery.updateCategory.request.pick({ code: true }),
    body: lottery.updateCategory.request.omit({ code: true }),
    command: lottery.updateCategory,
    payload: ({ params, body }) => ({ ...body, code: params.code }),
  }),
  route({
    method: 'POST',
    url: '/lottery/campaigns',
    tags: ['lottery'],
    summary: 'Create a campaign with its batches (LOT-2) or first-come stock (LOT-9); every batch gets its commitment',
    body: campaignBody,
    command: lottery.createCampaign,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'GET',
    url: '/lottery/campaigns',
    tags: ['lottery'],
    summary: 'Campaigns; for an enterprise, each category says whether it may be reserved and why not',
    query: z.object({ state: campaignStateSchema.optional() }),
    command: lottery.listCampaigns,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/lottery/campaigns/:id',
    tags: ['lottery'],
    summary: 'One campaign',
    params: byId,
    command: lottery.getCampaign,
    payload: ({ params }) => params,
  }),
  route({
    method: 'PUT',
    url: '/lottery/campaigns/:id/reservation',
    tags: ['lottery'],
    summary: 'Reserve exactly these categories of an open campaign; categories left out are cancelled (LOT-3/4)',
    params: byId,
    body: lottery.reserve.request.pick({ categories: true }),
    command: lottery.reserve,
    payload: ({ params, body }) => ({ campaignId: params.id, categories: body.categories }),
  }),
  route({
    method: 'DELETE',
    url: '/lottery/campaigns/:id/reservation',
    tags: ['lottery'],
    summary: 'Cancel my reservations of an open campaign',
    params: byId,
    command: lottery.cancelReservations,
    payload: ({ params }) => ({ campaignId: params.id }),
  }),
  route({
    method: 'POST',
    url: '/lottery/campaigns/:id/claims',
    tags: ['lottery'],
    summary:
      'Claim one voucher of a first-come campaign: 409 SOLD_OUT, ALREADY_RESERVED or ANNUAL_LIMIT_REACHED (LOT-9)',
    params: byId,
    body: lottery.claim.request.pick({ category: true }),
    command: lottery.claim,
    payload: ({ params, body }) => ({ campaignId: params.id, category: body.category }),
    status: 201,
    // LOT-9: once a category sold out, every later claim is refused alike (the stock is public: GET .../stock);
    // a stock given back by a failed write is claimable again within the second
    sharedRefusal: { codes: ['SOLD_OUT'], key: ({ params, body }) => `${params.id}:${body.category}`, forMs: 1_000 },
  }),
  route({
    method: 'GET',
    url: '/lottery/campaigns/:id/stock',
    tags: ['lottery'],
    summary: 'What is left of a first-come campaign, per category',
    params: byId,
    command: lottery.stock,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/lottery/reservations/mine',
    tags: ['lottery'],
    summary: "My reservations with each batch's result, pending until published (LOT-7)",
    command: lottery.myReservations,
    payload: none,
  }),
  route({
    method: 'PUT',
    url: '/lottery/batches/:id/beacon',
    tags: ['lottery'],
    summary: 'Enter the external beacon value of a batch before its draw (LOT-6)',
    params: byId,
    body: lottery.setBeacon.request.omit({ id: true }),
    command: lottery.setBeacon,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/lottery/batches/:id/draw',
    tags: ['lottery'],
    summary: 'Draw a batch now (LOT-5); a second draw answers 409',
    params: byId,
    command: lottery.drawBatch,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/lottery/batches/:id/publish',
    tags: ['lottery'],
    summary: 'Publish a drawn batch (LOT-7)',
    params: byId,
    command: lottery.publishBatch,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/lottery/batches/:id/progress',
    tags: ['lottery'],
    summary: 'Where a running draw or publication of the batch stands: its phase and percentage (issue 19)',
    params: byId,
    command: lottery.batchProgress,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/lottery/batches/:id/report',
    tags: ['lottery'],
    summary: 'Per category: reservations, eligible, winners, quota fill (LOT-10); the list as CSV at report.csv',
    params: byId,
    command: lottery.report,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/lottery/batches/:id/commitment',
    tags: ['lottery'],
    summary: "The batch's commitment SHA-256(seed), public from the campaign's creation (LOT-6)",
    params: byId,
    command: lottery.commitment,
    payload: ({ params }) => params,
  }),
];

export interface LotteryStreamDeps extends GuardDeps {
  bus: Bus;
  storage: BlobStorage;
}

/**
 * The publication (several MB with 200,000 ids) never travels as one NATS
 * message (A4): the lottery stores it, the gateway streams it. (Verifying one is
 * routes/verify.ts: libs/draw's public algorithm, run here so a big document crosses no bus.)
 */
export function lotteryPublicationRoutes(deps: LotteryStreamDeps): FastifyPluginAsync {
  return async (app) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get(
      '/lottery/batches/:id/publication',
      {
        schema: {
          tags: ['lottery'],
          summary: 'The publication of a batch: seed, eligible ids, winners with masked names (LOT-6/7)',
          description: 'Roles: public (no token). 404 NOT_PUBLISHED before the publication time.',
          params: byId,
          response: { 200: publicationSchema, '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const ref = await deps.bus.request(lottery.publicationRef, request.params, requestContext(request));
        const stream = await deps.storage.get(ref.storageKey);
        if (!stream) throw new AppError('NOT_FOUND', 'the publication document is missing from storage');
        reply.header('content-type', 'application/json; charset=utf-8');
        if (ref.size) reply.header('content-length', ref.size);
        return reply.send(stream as never);
      },
    );
    typed.get(
      '/lottery/batches/:id/report.csv',
      {
        schema: {
          tags: ['lottery'],
          summary: 'Every entry of a batch with its result, as CSV (LOT-10)',
          description: describeAccess(routeAccess['GET /lottery/batches/:id/report.csv']),
          params: byId,
          security: [{ bearerAuth: [] }],
          response: { '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema },
        },
        ...guardedBy(deps, 'GET /lottery/batches/:id/report.csv'),
      },
      async (request, reply) => {
        const ref = await deps.bus.request(lottery.reportExport, request.params, requestContext(request));
        const stream = await deps.storage.get(ref.storageKey);
        if (!stream) throw new AppError('NOT_FOUND', 'the export is missing from storage');
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="batch-${request.params.id}.csv"`);
        return reply.send(stream as never);
      },
    );
  };
}
