import { z } from 'zod';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Bus } from '@voucher/bus';
import { announcements, idSchema, settlement } from '@voucher/contracts';
import type { BlobStorage } from '@voucher/storage';
import { describeAccess } from '../http/access.ts';
import { errorEnvelopeSchema } from '../http/errors.ts';
import { guardedBy, type GuardDeps } from '../http/guard.ts';
import { routeAccess } from '../http/route-access.ts';
import { requestContext } from '../http/request-tracing.ts';
import { route, type RouteDef } from '../http/route-table.ts';
import { sendStoredFile } from '../http/stored-file.ts';

const byId = z.object({ id: idSchema });

/** API.md § Settlement (DOMAIN §8): bank accounts, redeemable payments, redemption applications and their review. */
export const settlementRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/settlement/bank-accounts',
    tags: ['settlement'],
    summary: 'My bank accounts (SET-1)',
    command: settlement.listBankAccounts,
    payload: () => ({}),
  }),
  route({
    method: 'POST',
    url: '/settlement/bank-accounts',
    tags: ['settlement'],
    summary: "Add a bank account in the certified provider's own name, digits-only number (SET-1)",
    body: settlement.addBankAccount.request,
    command: settlement.addBankAccount,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'PATCH',
    url: '/settlement/bank-accounts/:id',
    tags: ['settlement'],
    summary: 'Change a bank account (the name stays the provider’s)',
    params: byId,
    body: settlement.updateBankAccount.request.omit({ id: true }),
    command: settlement.updateBankAccount,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'DELETE',
    url: '/settlement/bank-accounts/:id',
    tags: ['settlement'],
    summary: 'Remove a bank account (applications keep the copy they were paid to)',
    params: byId,
    command: settlement.removeBankAccount,
    payload: ({ params }) => params,
    status: 204,
  }),
  route({
    method: 'GET',
    url: '/admin/settings/settlement',
    tags: ['admin'],
    summary: 'The settlement programme settings: allowed banks (SET-1)',
    command: settlement.getSettings,
    payload: () => ({}),
  }),
  route({
    method: 'PUT',
    url: '/admin/settings/settlement',
    tags: ['admin'],
    summary: 'Change the settlement programme settings (audited)',
    body: settlement.putSettings.request,
    command: settlement.putSettings,
    payload: ({ body }) => body,
  }),
  route({
    method: 'GET',
    url: '/settlement/redeemable',
    tags: ['settlement'],
    summary: 'Voucher payments on my completed orders not in an open application; `id` is the payment line id (SET-2)',
    query: settlement.redeemable.request,
    command: settlement.redeemable,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/settlement/applications',
    tags: ['settlement'],
    summary:
      'Apply to redeem payment lines, with materials (uploads of purpose settlement_material) and a bank account (SET-2)',
    body: settlement.apply.request,
    command: settlement.apply,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'GET',
    url: '/settlement/applications/mine',
    tags: ['settlement'],
    summary: 'My redemption applications, newest first',
    query: settlement.myApplications.request,
    command: settlement.myApplications,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/settlement/applications/:id',
    tags: ['settlement'],
    summary:
      'A redemption application with its lines and review history: the provider’s own; approver and finance any; an operator the general vouchers it reviews (else 404)',
    params: byId,
    command: settlement.getApplication,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/settlement/reviews',
    tags: ['settlement'],
    summary: 'Redemption applications by state, for the approver (assess) and finance (approve payment, pay)',
    query: settlement.reviewQueue.request,
    command: settlement.reviewQueue,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/settlement/applications/:id/assess',
    tags: ['settlement'],
    summary: 'Assess (结算审批): submitted → assessed (SET-3)',
    params: byId,
    command: settlement.assess,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/settlement/applications/:id/approve-payment',
    tags: ['settlement'],
    summary: 'Approve the payment (支付审批): assessed → payment_approved (SET-3)',
    params: byId,
    command: settlement.approvePayment,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/settlement/applications/:id/reject',
    tags: ['settlement'],
    summary: 'Reject with a reason at either review step; the lines become redeemable again (SET-3)',
    params: byId,
    body: settlement.reject.request.omit({ id: true }),
    command: settlement.reject,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/settlement/applications/:id/pay',
    tags: ['settlement'],
    summary: 'Record the offline transfer (reference and date): payment_approved → paid (SET-3)',
    params: byId,
    body: settlement.pay.request.omit({ id: true }),
    command: settlement.pay,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/settlement/applications/:id/signed-form',
    tags: ['settlement'],
    summary: 'Attach the signed scan of the forms (upload of purpose signed_form; SET-4)',
    params: byId,
    body: settlement.attachSignedForm.request.omit({ id: true }),
    command: settlement.attachSignedForm,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/settlement/general-vouchers',
    tags: ['settlement'],
    summary:
      'File a general-voucher application (通用服务券): enterprise, order number, direction, amount, materials (SET-5)',
    body: settlement.applyGeneral.request,
    command: settlement.applyGeneral,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'GET',
    url: '/settlement/general-vouchers/mine',
    tags: ['settlement'],
    summary: 'My general-voucher applications',
    query: settlement.myApplications.request.omit({ kind: true }),
    command: settlement.myApplications,
    payload: ({ query }) => ({ ...query, kind: 'general' as const }),
  }),
  route({
    method: 'GET',
    url: '/settlement/general-vouchers/reviews',
    tags: ['settlement'],
    summary: 'General-voucher applications waiting for an operator (SET-5)',
    query: settlement.reviewQueue.request.omit({ kind: true }),
    command: settlement.reviewQueue,
    payload: ({ query }) => ({ state: 'submitted' as const, ...query, kind: 'general' as const }),
  }),
  route({
    method: 'POST',
    url: '/settlement/general-vouchers/:id/approve',
    tags: ['settlement'],
    summary: 'Approve a general-voucher application; it then follows the payment steps of SET-3',
    params: byId,
    command: settlement.assess,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/settlement/general-vouchers/:id/reject',
    tags: ['settlement'],
    summary: 'Reject a general-voucher application with the reason',
    params: byId,
    body: settlement.reject.request.omit({ id: true }),
    command: settlement.reject,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/settlement/applications/:id/confirm',
    tags: ['settlement'],
    summary: 'Confirm the money arrived: paid → confirmed (SET-3)',
    params: byId,
    command: settlement.confirm,
    payload: ({ params }) => params,
  }),
];

/** Programme notices: everyone reads the published ones; operators (and administrators) publish. */
export const announcementRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/announcements',
    tags: ['announcements'],
    summary: 'Published programme notices, newest first; `q` searches title and body',
    query: announcements.list.request,
    command: announcements.list,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/announcements/:id',
    tags: ['announcements'],
    summary: 'A published notice (scheduled or withdrawn ones are not found)',
    params: byId,
    command: announcements.get,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/admin/announcements',
    tags: ['announcements'],
    summary: 'Every notice, scheduled and withdrawn included',
    query: announcements.manage.request,
    command: announcements.manage,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/admin/announcements',
    tags: ['announcements'],
    summary: 'Publish a notice now or at `publishAt`, with attachments (uploads of purpose announcement_attachment)',
    body: announcements.publish.request,
    command: announcements.publish,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'PUT',
    url: '/admin/announcements/:id',
    tags: ['announcements'],
    summary: 'Correct a notice',
    params: byId,
    body: announcements.update.request.omit({ id: true }),
    command: announcements.update,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'DELETE',
    url: '/admin/announcements/:id',
    tags: ['announcements'],
    summary: 'Withdraw a notice (kept, no longer shown)',
    params: byId,
    command: announcements.withdraw,
    payload: ({ params }) => params,
  }),
];

export interface SettlementFormDeps extends GuardDeps {
  bus: Bus;
  storage: BlobStorage;
}

const formQuery = z.object({ format: z.enum(['pdf', 'xlsx']).default('pdf') });

/**
 * SET-4: the forms are generated by settlement, stored, and streamed from
 * here (a PDF with its embedded font does not travel as a bus message).
 */
export function settlementFormRoutes(deps: SettlementFormDeps): FastifyPluginAsync {
  return async (app) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    for (const [path, kind, summary] of [
      ['form', 'redemption', 'The redemption form (兑现申请表) to sign, as PDF or XLSX (SET-4)'],
      ['usage-summary', 'usage', 'The usage summary (使用情况明细汇总表) to sign, as PDF or XLSX (SET-4)'],
    ] as const) {
      typed.get(
        `/settlement/applications/:id/${path}`,
        {
          schema: {
            tags: ['settlement'],
            summary,
            description: describeAccess(routeAccess[`GET /settlement/applications/:id/${path}`]),
            params: byId,
            querystring: formQuery,
            security: [{ bearerAuth: [] }],
            response: { '4xx': errorEnvelopeSchema, '5xx': errorEnvelopeSchema },
          },
          ...guardedBy(deps, `GET /settlement/applications/:id/${path}`),
        },
        async (request, reply) => {
          const ref = await deps.bus.request(
            settlement.exportForm,
            { id: request.params.id, kind, format: request.query.format },
            requestContext(request),
          );
          return sendStoredFile(reply, deps.storage, ref);
        },
      );
    }
  };
}
