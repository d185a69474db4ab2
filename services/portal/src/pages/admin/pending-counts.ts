import type { Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';

type Counter = (role: Role) => Promise<number>;

const total = (page: Promise<{ total: number }>) => page.then((p) => p.total);
const sum = (counts: Promise<number>[]) => Promise.all(counts).then((all) => all.reduce((a, b) => a + b, 0));

/** CAT-3: the stage each reviewer decides; an administrator sees all three. */
export const productStages: Partial<Record<Role, readonly ('operator' | 'expert' | 'final')[]>> = {
  operator: ['operator'],
  expert: ['expert'],
  approver: ['final'],
  admin: ['operator', 'expert', 'final'],
};

/** SET-3: the states waiting for each role (the approver assesses; finance approves payment, then pays). */
export const settlementStates: Partial<Record<Role, readonly ('submitted' | 'assessed' | 'payment_approved')[]>> = {
  approver: ['submitted'],
  finance: ['assessed', 'payment_approved'],
  admin: ['submitted', 'assessed', 'payment_approved'],
};

const one = { page: 1, pageSize: 1 };

/** How many items wait for the signed-in role, per queue page (the landing page's counts). */
export const pendingCounters: Record<string, Counter> = {
  '/admin/reviews/qualifications': () =>
    total(unwrap(client.GET('/api/v1/qualification/reviews', { params: { query: one } }))),
  '/admin/reviews/products': (role) =>
    sum(
      (productStages[role] ?? []).map((stage) =>
        total(unwrap(client.GET('/api/v1/catalog/reviews', { params: { query: { ...one, stage } } }))),
      ),
    ),
  '/admin/reviews/settlements': (role) =>
    sum(
      (settlementStates[role] ?? []).map((state) =>
        total(unwrap(client.GET('/api/v1/settlement/reviews', { params: { query: { ...one, state } } }))),
      ),
    ),
  '/admin/reviews/general-vouchers': () =>
    total(unwrap(client.GET('/api/v1/settlement/general-vouchers/reviews', { params: { query: one } }))),
  // issue 18 item 6: the notification deliveries parked after their retries, waiting for a replay (admin only)
  '/admin/notifications/dead-letters': () =>
    total(unwrap(client.GET('/api/v1/admin/notifications/dead-letters', { params: { query: one } }))),
};
