import type { StaffPermission } from '@voucher/contracts';
import { anyRole, type RouteAuth } from './access.ts';

/**
 * Whose data a route touches, as the owning service scopes it (DOMAIN §1;
 * someone else's record is not found, API.md):
 * - `public`: published records, or the caller's own sign-in; no token needed.
 * - `self`: the caller's own account and records; nothing of another user can be named.
 * - `party`: the records of one enterprise or provider, named in the path or listed:
 *   that party (a provider's staff with the menu) and the platform roles listed
 *   reach them, a district officer only its own district's; anyone else gets 404.
 * - `district`: programme records that a district officer reads for its own
 *   district only, and the other listed roles read in full.
 * - `programme`: programme-wide data that the listed roles read or administer.
 */
type RouteScope = 'public' | 'self' | 'party' | 'district' | 'programme';

export interface RouteAccess {
  /** `public`, or the roles that may call; `admin` also reaches every route a platform role may (DOMAIN §1) */
  roles: RouteAuth;
  /** the menu a provider_staff caller needs (ID-8); the provider main account always has it */
  menu?: StaffPermission;
  scope: RouteScope;
  /** what the roles and scope alone do not say */
  note?: string;
}

/**
 * Who may call each gateway route and whose data it touches: one row per
 * route, below `/api/v1` (the two probes excepted), read by the guard of
 * every route and walked, row by row and caller by caller, by
 * test/journeys/route-matrix.test.ts (issue 16). A route without a row does
 * not start.
 */
export const routeAccess = {
  // probes, outside /api/v1
  'GET /healthz': { roles: 'public', scope: 'public' },
  'GET /readyz': { roles: 'public', scope: 'public', note: 'an admin token also gets which dependency failed' },
  // identity
  'POST /auth/sms-codes': { roles: 'public', scope: 'public' },
  'GET /auth/captcha': { roles: 'public', scope: 'public' },
  'POST /auth/register': { roles: 'public', scope: 'public' },
  'POST /auth/login': { roles: 'public', scope: 'public' },
  'POST /auth/login/second-factor': { roles: 'public', scope: 'public' },
  'POST /auth/refresh': { roles: 'public', scope: 'public' },
  'POST /auth/logout': { roles: anyRole, scope: 'self' },
  'POST /auth/password-reset': { roles: 'public', scope: 'public' },
  'GET /me': { roles: anyRole, scope: 'self' },
  'PUT /me/password': { roles: anyRole, scope: 'self' },
  'POST /admin/users': { roles: ['admin'], scope: 'programme' },
  'POST /admin/users/:id/password-reset': { roles: ['district_officer'], scope: 'district' },
  'GET /provider/staff': { roles: ['provider'], scope: 'self' },
  'POST /provider/staff': { roles: ['provider'], scope: 'self' },
  'PATCH /provider/staff/:id': { roles: ['provider'], scope: 'party' },
  'DELETE /provider/staff/:id': { roles: ['provider'], scope: 'party' },
  'POST /provider/staff/:id/password-reset': { roles: ['provider'], scope: 'party' },
  'PUT /provider/staff/:id/permissions': { roles: ['provider'], scope: 'party' },
  'GET /provider/experts': { roles: ['provider', 'provider_staff'], menu: 'experts', scope: 'self' },
  'POST /provider/experts': { roles: ['provider', 'provider_staff'], menu: 'experts', scope: 'self' },
  'PATCH /provider/experts/:id': { roles: ['provider', 'provider_staff'], menu: 'experts', scope: 'party' },
  'DELETE /provider/experts/:id': { roles: ['provider', 'provider_staff'], menu: 'experts', scope: 'party' },
  // development only (not registered in production)
  'GET /dev/sms/:mobile': { roles: 'public', scope: 'public' },
  'GET /dev/captcha/:captchaId': { roles: 'public', scope: 'public' },
  // qualification
  'GET /qualification/survey': { roles: ['enterprise'], scope: 'self' },
  'PUT /qualification/survey/answers': { roles: ['enterprise'], scope: 'self' },
  'POST /qualification/enterprise-certifications': { roles: ['enterprise'], scope: 'self' },
  'GET /qualification/enterprise-certifications/mine': { roles: ['enterprise'], scope: 'self' },
  'PUT /qualification/enterprise-certifications/:id': { roles: ['enterprise'], scope: 'party' },
  'GET /qualification/provider-directory': { roles: ['provider', 'operator', 'approver'], scope: 'programme' },
  'POST /qualification/provider-certifications': { roles: ['provider'], scope: 'self' },
  'GET /qualification/provider-certifications/mine': { roles: ['provider'], scope: 'self' },
  'PUT /qualification/provider-certifications/:id': { roles: ['provider'], scope: 'party' },
  'POST /qualification/voucher-qualifications': { roles: ['enterprise'], scope: 'self' },
  'GET /qualification/voucher-qualifications/mine': { roles: ['enterprise'], scope: 'self' },
  'PUT /qualification/voucher-qualifications/:id': { roles: ['enterprise'], scope: 'party' },
  'GET /qualification/reviews': { roles: ['district_officer', 'operator', 'approver'], scope: 'district' },
  'GET /qualification/applications/:id': { roles: anyRole, scope: 'party' },
  'POST /qualification/reviews/:id/approve': { roles: ['district_officer', 'operator', 'approver'], scope: 'party' },
  'POST /qualification/reviews/:id/reject': { roles: ['district_officer', 'operator', 'approver'], scope: 'party' },
  'POST /qualification/reviews/:id/revoke': { roles: ['admin'], scope: 'party' },
  'POST /qualification/applications/:id/withdraw': { roles: ['enterprise', 'provider'], scope: 'party' },
  'GET /admin/settings/qualification': { roles: ['admin'], scope: 'programme' },
  'PUT /admin/settings/qualification': { roles: ['admin'], scope: 'programme' },
  'POST /admin/provider-directory': { roles: ['admin'], scope: 'programme' },
  // lottery
  'POST /lottery/categories': { roles: ['approver'], scope: 'programme' },
  'GET /lottery/categories': { roles: 'public', scope: 'public' },
  'PATCH /lottery/categories/:code': { roles: ['approver'], scope: 'programme' },
  'POST /lottery/campaigns': { roles: ['approver'], scope: 'programme' },
  'GET /lottery/campaigns': { roles: anyRole, scope: 'programme' },
  'GET /lottery/campaigns/:id': { roles: anyRole, scope: 'programme' },
  'PUT /lottery/campaigns/:id/reservation': { roles: ['enterprise'], scope: 'self' },
  'DELETE /lottery/campaigns/:id/reservation': { roles: ['enterprise'], scope: 'self' },
  'POST /lottery/campaigns/:id/claims': { roles: ['enterprise'], scope: 'self' },
  'GET /lottery/campaigns/:id/stock': { roles: 'public', scope: 'public' },
  'GET /lottery/reservations/mine': { roles: ['enterprise'], scope: 'self' },
  'PUT /lottery/batches/:id/beacon': { roles: ['approver'], scope: 'programme' },
  'POST /lottery/batches/:id/draw': { roles: ['approver'], scope: 'programme' },
  'POST /lottery/batches/:id/publish': { roles: ['approver'], scope: 'programme' },
  'GET /lottery/batches/:id/report': { roles: ['approver'], scope: 'programme' },
  'GET /lottery/batches/:id/progress': { roles: ['approver', 'admin'], scope: 'programme' },
  'GET /lottery/batches/:id/commitment': { roles: 'public', scope: 'public' },
  // scheduler
  'GET /admin/jobs': { roles: ['admin'], scope: 'programme' },
  'GET /admin/jobs/runs': { roles: ['admin'], scope: 'programme' },
  'POST /admin/jobs/:name/run': { roles: ['admin'], scope: 'programme' },
  // wallet
  'GET /wallet/vouchers': { roles: ['enterprise'], scope: 'self' },
  'GET /wallet/ledger': { roles: ['enterprise'], scope: 'self' },
  'GET /admin/wallet/integrity': { roles: ['admin'], scope: 'programme' },
  'POST /admin/wallet/grants': { roles: ['admin'], scope: 'programme' },
  'GET /admin/settings/wallet': { roles: ['admin'], scope: 'programme' },
  'PUT /admin/settings/wallet': { roles: ['admin'], scope: 'programme' },
  'PUT /wallet/pin': { roles: ['enterprise'], scope: 'self' },
  'POST /wallet/pin/reset': { roles: ['enterprise'], scope: 'self' },
  // catalog
  'POST /catalog/products': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'self' },
  'PUT /catalog/products/:id': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'party' },
  'POST /catalog/products/:id/submit': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'party' },
  'POST /catalog/products/:id/withdraw': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'party' },
  'POST /catalog/products/:id/delist': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'party' },
  'POST /catalog/products/:id/force-delist': { roles: ['approver', 'operator'], scope: 'programme' },
  'GET /catalog/mine': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'self' },
  'GET /catalog/mine/evaluations': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'self' },
  'GET /catalog/mine/:id': { roles: ['provider', 'provider_staff'], menu: 'products', scope: 'party' },
  'GET /catalog/reviews': { roles: ['operator', 'expert', 'approver'], scope: 'programme' },
  'GET /catalog/reviews/:id': { roles: ['operator', 'expert', 'approver'], scope: 'programme' },
  'POST /catalog/reviews/:productId/approve': { roles: ['operator', 'expert', 'approver'], scope: 'programme' },
  'POST /catalog/reviews/:productId/reject': { roles: ['operator', 'expert', 'approver'], scope: 'programme' },
  'GET /catalog/products': { roles: 'public', scope: 'public' },
  'GET /catalog/products/:id': { roles: 'public', scope: 'public' },
  'GET /catalog/providers': { roles: 'public', scope: 'public' },
  'GET /catalog/providers/:id': { roles: 'public', scope: 'public' },
  // orders
  'POST /orders': { roles: ['enterprise'], scope: 'self' },
  'GET /orders/mine': {
    roles: ['enterprise', 'provider', 'provider_staff', 'operator', 'approver', 'finance', 'district_officer'],
    menu: 'orders',
    scope: 'party',
  },
  'GET /orders/:id': {
    roles: ['enterprise', 'provider', 'provider_staff', 'operator', 'approver', 'finance', 'district_officer'],
    menu: 'orders',
    scope: 'party',
  },
  'POST /orders/:id/pay': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/receipts': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/accept': { roles: ['provider', 'provider_staff'], menu: 'orders', scope: 'party' },
  'POST /orders/:id/deliver': { roles: ['provider', 'provider_staff'], menu: 'orders', scope: 'party' },
  'POST /orders/:id/cancel': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/withdraw-vouchers': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/decline': { roles: ['provider', 'provider_staff'], menu: 'orders', scope: 'party' },
  'POST /orders/:id/contract': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/complete': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/evaluation': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/service-records': { roles: ['provider', 'provider_staff'], menu: 'orders', scope: 'party' },
  'PUT /orders/:id/service-records/:recordId': {
    roles: ['provider', 'provider_staff'],
    menu: 'orders',
    scope: 'party',
  },
  'POST /orders/:id/service-requests': { roles: ['enterprise'], scope: 'party' },
  'POST /orders/:id/service-records/:recordId/evaluation': { roles: ['enterprise'], scope: 'party' },
  'GET /admin/settings/orders': { roles: ['admin'], scope: 'programme' },
  'PUT /admin/settings/orders': { roles: ['admin'], scope: 'programme' },
  'GET /provider/customers': { roles: ['provider', 'provider_staff'], menu: 'customers', scope: 'self' },
  'GET /provider/customers/:enterpriseId': { roles: ['provider', 'provider_staff'], menu: 'customers', scope: 'party' },
  // settlement
  'GET /settlement/bank-accounts': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'POST /settlement/bank-accounts': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'PATCH /settlement/bank-accounts/:id': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'party' },
  'DELETE /settlement/bank-accounts/:id': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'party' },
  'GET /admin/settings/settlement': { roles: ['admin'], scope: 'programme' },
  'PUT /admin/settings/settlement': { roles: ['admin'], scope: 'programme' },
  'GET /settlement/redeemable': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'POST /settlement/applications': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'GET /settlement/applications/mine': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'GET /settlement/applications/:id': {
    roles: ['provider', 'provider_staff', 'approver', 'finance', 'operator'],
    menu: 'settlement',
    scope: 'party',
  },
  'GET /settlement/reviews': { roles: ['approver', 'finance'], scope: 'programme' },
  'POST /settlement/applications/:id/assess': { roles: ['approver'], scope: 'party' },
  'POST /settlement/applications/:id/approve-payment': { roles: ['finance'], scope: 'party' },
  'POST /settlement/applications/:id/reject': { roles: ['approver', 'finance'], scope: 'party' },
  'POST /settlement/applications/:id/pay': { roles: ['finance'], scope: 'party' },
  'POST /settlement/applications/:id/signed-form': {
    roles: ['provider', 'provider_staff'],
    menu: 'settlement',
    scope: 'party',
  },
  'POST /settlement/general-vouchers': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'GET /settlement/general-vouchers/mine': { roles: ['provider', 'provider_staff'], menu: 'settlement', scope: 'self' },
  'GET /settlement/general-vouchers/reviews': { roles: ['operator'], scope: 'programme' },
  'POST /settlement/general-vouchers/:id/approve': { roles: ['operator'], scope: 'party' },
  'POST /settlement/general-vouchers/:id/reject': { roles: ['operator'], scope: 'party' },
  'POST /settlement/applications/:id/confirm': {
    roles: ['provider', 'provider_staff'],
    menu: 'settlement',
    scope: 'party',
  },
  // announcements
  'GET /announcements': { roles: 'public', scope: 'public' },
  'GET /announcements/:id': { roles: 'public', scope: 'public' },
  'GET /admin/announcements': { roles: ['operator'], scope: 'programme' },
  'POST /admin/announcements': { roles: ['operator'], scope: 'programme' },
  'PUT /admin/announcements/:id': { roles: ['operator'], scope: 'programme' },
  'DELETE /admin/announcements/:id': { roles: ['operator'], scope: 'programme' },
  // streamed files: publications, reports, forms
  'GET /lottery/batches/:id/publication': {
    roles: 'public',
    scope: 'public',
    note: 'not found before the publication time (LOT-6)',
  },
  'GET /lottery/batches/:id/report.csv': { roles: ['approver'], scope: 'programme' },
  'POST /lottery/verify': { roles: 'public', scope: 'public' },
  'GET /settlement/applications/:id/form': {
    roles: ['provider', 'provider_staff', 'approver', 'finance'],
    menu: 'settlement',
    scope: 'party',
  },
  'GET /settlement/applications/:id/usage-summary': {
    roles: ['provider', 'provider_staff', 'approver', 'finance'],
    menu: 'settlement',
    scope: 'party',
  },
  // notifications: the caller's own inbox (issue 18)
  'GET /notifications': { roles: anyRole, scope: 'self' },
  'GET /notifications/unread-count': { roles: anyRole, scope: 'self' },
  'POST /notifications/read': { roles: anyRole, scope: 'self' },
  'POST /notifications/read-all': { roles: anyRole, scope: 'self' },
  'GET /notifications/preferences': { roles: anyRole, scope: 'self' },
  'PUT /notifications/preferences': { roles: anyRole, scope: 'self' },
  // the programme's wording of the message templates (DOMAIN §0b, issue 18)
  'GET /admin/settings/notifications': { roles: ['admin'], scope: 'programme' },
  'PUT /admin/settings/notifications': { roles: ['admin'], scope: 'programme' },
  // every service's dead letters (issue 18 item 6, issue 19 item 4): an admin lists, replays and discards them
  'GET /admin/dead-letters/:service': { roles: ['admin'], scope: 'programme' },
  'POST /admin/dead-letters/:service/:seq/replay': { roles: ['admin'], scope: 'programme' },
  'POST /admin/dead-letters/:service/:seq/discard': { roles: ['admin'], scope: 'programme' },
  // the operations console (issue 19 item 4): the fleet's health and lags, and a failed request's trace
  'GET /admin/operations': { roles: ['admin'], scope: 'programme' },
  'GET /admin/requests/:requestId': { roles: ['admin'], scope: 'programme' },
  // to-dos (issue 18 item 3): the caller's own and its role's queues in its scope; the SLAs a programme setting
  'GET /todos': { roles: anyRole, scope: 'self' },
  'GET /todos/counts': { roles: anyRole, scope: 'self' },
  'GET /todos/slas': { roles: ['admin'], scope: 'programme' },
  'PUT /todos/slas': { roles: ['admin'], scope: 'programme' },
  // statistics
  'GET /stats/vouchers': { roles: ['approver', 'finance', 'district_officer'], scope: 'district' },
  'GET /stats/evaluations': { roles: ['approver', 'finance', 'district_officer'], scope: 'district' },
  // files
  'POST /files': {
    roles: anyRole,
    scope: 'self',
    note: 'each purpose names the roles (and menu) that may upload it: src/files/rules.ts',
  },
  'GET /files/:fileId': {
    roles: anyRole,
    scope: 'party',
    note: 'public without a token once a published product or notice refers to it',
  },
  'HEAD /files/:fileId': { roles: anyRole, scope: 'party', note: 'as GET, without the bytes' },
  'GET /files/:fileId/meta': { roles: anyRole, scope: 'party' },
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof routeAccess;

/** The row of a route, by method and path as Fastify registers it; a route without a row is a programming error. */
export function accessOf(method: string, url: string): RouteAccess {
  const row = (routeAccess as Record<string, RouteAccess>)[`${method} ${url}`];
  if (!row) throw new Error(`${method} ${url} has no row in the route access table`);
  return row;
}
