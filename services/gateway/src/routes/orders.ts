import { z } from 'zod';
import { idSchema, orders, placeOrderBody } from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

const byId = z.object({ id: idSchema });
const byRecord = z.object({ id: idSchema, recordId: idSchema });
const provider = ['provider', 'provider_staff'] as const;
const enterprise = ['enterprise'] as const;
const parties = [
  'enterprise',
  'provider',
  'provider_staff',
  'operator',
  'approver',
  'finance',
  'district_officer',
] as const;

/** A header value as the command wants it: the first one, or none. */
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** API.md § Orders (DOMAIN §7). */
export const orderRoutes: readonly RouteDef[] = [
  route({
    method: 'POST',
    url: '/orders',
    tags: ['orders'],
    summary:
      'Place an order and pay its voucher part with the PIN in one step (ORD-1/3, WAL-4). Send an Idempotency-Key header: a retry answers the same order',
    auth: enterprise,
    limit: 'pin',
    body: placeOrderBody,
    command: orders.place,
    payload: ({ body, headers }) => {
      const key = header(headers['idempotency-key']);
      return key === undefined ? body : { ...body, idempotencyKey: key };
    },
    status: 201,
  }),
  route({
    method: 'GET',
    url: '/orders/mine',
    tags: ['orders'],
    summary: 'My orders (the enterprise’s or the provider’s), newest first; reviewers see all',
    auth: parties,
    permission: 'orders',
    query: orders.mine.request,
    command: orders.mine,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/orders/:id',
    tags: ['orders'],
    summary: 'An order: items, vouchers used, receipts, contract, service records, evaluation, state history',
    auth: parties,
    permission: 'orders',
    params: byId,
    command: orders.get,
    payload: ({ params }) => params,
  }),
  route({
    method: 'POST',
    url: '/orders/:id/pay',
    tags: ['orders'],
    summary: 'Pay the voucher part of an order placed without it; a refusal leaves the order unpaid and unchanged',
    auth: enterprise,
    limit: 'pin',
    params: byId,
    body: orders.pay.request.omit({ id: true }),
    command: orders.pay,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/orders/:id/receipts',
    tags: ['orders'],
    summary: 'Attach offline transfer receipts (≤ 3 in all, uploads of purpose payment_receipt; ORD-3)',
    auth: enterprise,
    params: byId,
    body: orders.addReceipts.request.omit({ id: true }),
    command: orders.addReceipts,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  ...(
    [
      ['accept', orders.accept, provider, 'Accept the order, confirming the offline payment if there was one'],
      ['deliver', orders.deliver, provider, 'Mark the service delivered (ORD-7)'],
      [
        'cancel',
        orders.cancel,
        enterprise,
        'Cancel before the provider accepts (after a deduction, this is the year’s withdrawal)',
      ],
      [
        'withdraw-vouchers',
        orders.withdrawVouchers,
        enterprise,
        'Withdraw the vouchers: the order is cancelled and refunded, once a year (ORD-4)',
      ],
    ] as const
  ).map(([action, command, auth, summary]) =>
    route({
      method: 'POST',
      url: `/orders/:id/${action}`,
      tags: ['orders'],
      summary,
      auth,
      ...(auth === provider ? { permission: 'orders' as const } : {}),
      params: byId,
      command,
      payload: ({ params }) => params,
    }),
  ),
  route({
    method: 'POST',
    url: '/orders/:id/decline',
    tags: ['orders'],
    summary: 'Decline the order with a reason: it is cancelled and the vouchers refunded (not counted as a withdrawal)',
    auth: provider,
    permission: 'orders',
    params: byId,
    body: orders.decline.request.omit({ id: true }),
    command: orders.decline,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/orders/:id/contract',
    tags: ['orders'],
    summary: 'Attach the signed service contract (upload of purpose contract): the order goes into service (ORD-5)',
    auth: enterprise,
    params: byId,
    body: orders.uploadContract.request.omit({ id: true }),
    command: orders.uploadContract,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/orders/:id/complete',
    tags: ['orders'],
    summary: 'Confirm the delivery: completed, or not completed (back in service; ORD-7)',
    auth: enterprise,
    params: byId,
    body: orders.complete.request.omit({ id: true }),
    command: orders.complete,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/orders/:id/evaluation',
    tags: ['orders'],
    summary: 'Evaluate the order (good, neutral, bad) and the platform (0-5 stars; ORD-7)',
    auth: enterprise,
    params: byId,
    body: orders.evaluate.request.omit({ id: true }),
    command: orders.evaluate,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'POST',
    url: '/orders/:id/service-records',
    tags: ['orders'],
    summary: 'Record a service visit (date, engineer, description; ORD-6)',
    auth: provider,
    permission: 'orders',
    params: byId,
    body: orders.addServiceRecord.request.omit({ id: true }),
    command: orders.addServiceRecord,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
    status: 201,
  }),
  route({
    method: 'PUT',
    url: '/orders/:id/service-records/:recordId',
    tags: ['orders'],
    summary: 'Correct a service record; an evaluated one is kept as it was (409)',
    auth: provider,
    permission: 'orders',
    params: byRecord,
    body: orders.editServiceRecord.request.omit({ id: true, recordId: true }),
    command: orders.editServiceRecord,
    payload: ({ params, body }) => ({ ...body, ...params }),
  }),
  route({
    method: 'POST',
    url: '/orders/:id/service-requests',
    tags: ['orders'],
    summary: 'Ask the provider for service again (any number of times; ORD-6)',
    auth: enterprise,
    params: byId,
    body: orders.requestService.request.omit({ id: true }),
    command: orders.requestService,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
    status: 201,
  }),
  route({
    method: 'POST',
    url: '/orders/:id/service-records/:recordId/evaluation',
    tags: ['orders'],
    summary: 'Evaluate a service record: solved or not, five 1-5 scores (ORD-6)',
    auth: enterprise,
    params: byRecord,
    body: orders.evaluateServiceRecord.request.omit({ id: true, recordId: true }),
    command: orders.evaluateServiceRecord,
    payload: ({ params, body }) => ({ ...body, ...params }),
  }),
];
