import { deadLetterKeepers, type Role } from '@voucher/contracts';
import type { paths } from '../../api/schema';
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
type DeadLetterService = paths['/api/v1/admin/dead-letters/{service}']['get']['parameters']['path']['service'];

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
  // issue 19 item 4: the events every service's consumers parked after their retries (admin only)
  '/admin/dead-letters': () =>
    sum(
      // the gateway's `:service` is this very list (services/gateway routes/dead-letters.ts)
      (deadLetterKeepers as readonly DeadLetterService[]).map((service) =>
        total(
          unwrap(client.GET('/api/v1/admin/dead-letters/{service}', { params: { path: { service }, query: one } })),
        ),
      ),
    ),
};
