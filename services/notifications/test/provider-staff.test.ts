import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  identityEvents as ie,
  notifications,
  orderEvents as oe,
  type Caller,
  type DataOf,
  type StaffPermission,
} from '@voucher/contracts';
import { staffStandings } from '../src/domain/provider-staff.ts';
import { as, notificationsHarness, type NotificationsHarness } from './harness.ts';

/**
 * Issue 18: a provider's staff with the `orders` menu (ID-8) are told of the
 * provider's orders as its main account is, each in its own inbox; who they
 * are is kept from identity's events.
 */

const at = (t: string) => new Date(t).toISOString();

/** identity's creation of a staff member of `providerId` with `permissions`. */
const created = (
  providerId: string,
  permissions: StaffPermission[],
  userId = uuidv7(),
  createdAt = new Date(),
): DataOf<typeof ie.userCreated> => ({
  userId,
  username: `staff_${userId.slice(-8)}`,
  mobile: '13500000000',
  role: 'provider_staff',
  district: null,
  providerId,
  permissions,
  createdBy: providerId,
  createdAt: createdAt.toISOString(),
});

describe('who of a provider’s staff is told of its orders (ID-8, domain)', () => {
  const providerId = uuidv7();

  it('keeps a staff member created with the orders menu as told, one without it as not', () => {
    const withOrders = created(providerId, ['orders', 'experts'], uuidv7(), new Date('2026-07-01T02:00:00Z'));
    expect(staffStandings.created(withOrders)).toEqual([
      { userId: withOrders.userId, providerId, orders: true, at: new Date('2026-07-01T02:00:00Z') },
    ]);
    expect(staffStandings.created(created(providerId, ['settlement']))[0]!.orders).toBe(false);
  });

  it('keeps no other user created (a platform user, an enterprise)', () => {
    expect(staffStandings.created({ ...created(providerId, []), role: 'operator', providerId: null })).toEqual([]);
  });

  it('follows a grant, and takes the orders menu away with a deletion', () => {
    const userId = uuidv7();
    expect(
      staffStandings.permissionsSet({
        userId,
        providerId,
        permissions: ['orders'],
        by: providerId,
        at: at('2026-07-02T00:00:00Z'),
      }),
    ).toEqual([{ userId, providerId, orders: true, at: new Date('2026-07-02T00:00:00Z') }]);
    expect(staffStandings.deleted({ userId, deletedBy: providerId, at: at('2026-07-03T00:00:00Z') })).toEqual([
      { userId, providerId: null, orders: false, at: new Date('2026-07-03T00:00:00Z') },
    ]);
  });
});

let h: NotificationsHarness;
beforeAll(async () => {
  h = await notificationsHarness('provstaff');
});
afterAll(() => h?.close());

const inboxOf = async (caller: Caller) =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 20 }, caller)).items.map((m) => m.template);

/** An ORD-2 step of an order of the provider. */
function step(providerId: string, from: DataOf<typeof oe.accepted>['from'], to: DataOf<typeof oe.accepted>['to']) {
  const enterpriseId = uuidv7();
  return {
    orderId: uuidv7(),
    orderNo: `20260701101931767${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    enterpriseId,
    providerId,
    productId: uuidv7(),
    productName: '数字化诊断服务',
    from,
    to,
    by: { userId: enterpriseId, role: 'enterprise' },
    reason: to === 'in_service' ? '文件未交付' : null,
    at: new Date().toISOString(),
  } satisfies DataOf<typeof oe.accepted>;
}

describe('a provider’s staff with the orders menu are told of its orders (issue 18, ID-8)', () => {
  it('tells the main account and each staff member with orders of a paid order and of "not completed", no other staff', async () => {
    const provider = as('provider');
    const clerk = created(provider.userId, ['orders']);
    const accountant = created(provider.userId, ['settlement']);
    const otherProvidersClerk = created(uuidv7(), ['orders']);
    for (const s of [clerk, accountant, otherProvidersClerk]) await h.announce(ie.userCreated, s);

    await h.announce(oe.awaitingProvider, step(provider.userId, 'pending_payment', 'awaiting_provider'));
    await h.announce(oe.inService, step(provider.userId, 'delivered', 'in_service'));

    const asStaff = (s: DataOf<typeof ie.userCreated>) =>
      as('provider_staff', { userId: s.userId, providerId: s.providerId!, permissions: s.permissions });
    expect(await inboxOf(provider)).toEqual(['order.not_completed', 'order.awaiting_provider']);
    expect(await inboxOf(asStaff(clerk))).toEqual(['order.not_completed', 'order.awaiting_provider']);
    expect(await inboxOf(asStaff(accountant))).toEqual([]);
    expect(await inboxOf(asStaff(otherProvidersClerk))).toEqual([]);
  });

  it('tells a staff member with orders of an order’s acceptance due (ORD-5), as its main account', async () => {
    const provider = as('provider');
    const clerk = created(provider.userId, ['orders']);
    await h.announce(ie.userCreated, clerk);
    await h.announce(oe.contractDue, {
      orderId: uuidv7(),
      orderNo: '202612061200000001234567',
      enterpriseId: uuidv7(),
      providerId: provider.userId,
      productName: '两化融合管理体系评定',
      state: 'awaiting_provider',
      cancelAt: '2026-12-13T07:30:00.000Z',
      daysLeft: 7,
    });
    expect(await inboxOf(as('provider_staff', { userId: clerk.userId }))).toEqual(['order.acceptance_due']);
    expect(await inboxOf(provider)).toEqual(['order.acceptance_due']);
  });

  it('follows the grants: a member granted orders is told of the next order, one whose menu is withdrawn no more', async () => {
    const provider = as('provider');
    const granted = created(provider.userId, []);
    const withdrawn = created(provider.userId, ['orders']);
    await h.announce(ie.userCreated, granted);
    await h.announce(ie.userCreated, withdrawn);
    const grant = (s: DataOf<typeof ie.userCreated>, permissions: StaffPermission[]) =>
      h.announce(ie.staffPermissionsSet, {
        userId: s.userId,
        providerId: provider.userId,
        permissions,
        by: provider.userId,
        at: new Date().toISOString(),
      });
    await grant(granted, ['orders']);
    await grant(withdrawn, ['customers']);

    await h.announce(oe.placed, step(provider.userId, null, 'awaiting_provider'));
    expect(await inboxOf(as('provider_staff', { userId: granted.userId }))).toEqual(['order.awaiting_provider']);
    expect(await inboxOf(as('provider_staff', { userId: withdrawn.userId }))).toEqual([]);
  });

  it('tells a deleted member nothing, even when its grant arrives after the deletion', async () => {
    const provider = as('provider');
    const gone = created(provider.userId, ['orders'], uuidv7(), new Date(Date.now() - 60_000));
    await h.announce(ie.userCreated, gone);
    await h.announce(ie.userDeleted, { userId: gone.userId, deletedBy: provider.userId, at: new Date().toISOString() });
    // granted before it was deleted, handled after (one durable per event type)
    await h.announce(ie.staffPermissionsSet, {
      userId: gone.userId,
      providerId: provider.userId,
      permissions: ['orders'],
      by: provider.userId,
      at: new Date(Date.now() - 30_000).toISOString(),
    });
    await h.announce(oe.awaitingProvider, step(provider.userId, 'pending_payment', 'awaiting_provider'));
    expect(await inboxOf(as('provider_staff', { userId: gone.userId }))).toEqual([]);
    expect(await inboxOf(provider)).toEqual(['order.awaiting_provider']);
  });
});
