import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  catalogEvents as ce,
  notifications,
  orderEvents as oe,
  qualificationEvents as qe,
  settlementEvents as se,
  walletEvents as we,
  type Caller,
  type DataOf,
  type EventDef,
  type OrderState,
  type TodoKind,
} from '@voucher/contracts';
import { publishEvent } from '@voucher/testing';
import { as, notificationsHarness, sleep, type NotificationsHarness } from './harness.ts';

let h: NotificationsHarness;

beforeAll(async () => {
  h = await notificationsHarness('todos');
});
afterAll(() => h?.close());

const CONSUMER = 'notifications-todos';
const HOUR = 3_600_000;

/** Publishes an event and waits until the to-dos' own consumer has handled it (the inbox's line of that consumer). */
async function announce<E extends EventDef>(event: E, data: DataOf<E>, id: string = uuidv7()): Promise<string> {
  await publishEvent(h.client, event, data, { id });
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbox
      WHERE consumer = ${CONSUMER} AND event_id = ${id}`.execute(h.service.db);
    if (r.rows[0]!.n > 0) return id;
    if (Date.now() > deadline) throw new Error(`${event.type} was not handled by ${CONSUMER}`);
    await sleep(20);
  }
}

interface Order {
  orderId: string;
  orderNo: string;
  enterprise: Caller;
  provider: Caller;
}

function newOrder(): Order {
  return {
    orderId: uuidv7(),
    orderNo: `20260701101931767${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    enterprise: as('enterprise'),
    provider: as('provider'),
  };
}

/** An ORD-2 transition of the order, at a given time (default now). */
function step(o: Order, from: OrderState | null, to: OrderState, at = new Date()): DataOf<typeof oe.accepted> {
  const byProvider = ['accepted', 'delivered'].includes(to) || (to === 'cancelled' && from === 'awaiting_provider');
  return {
    orderId: o.orderId,
    orderNo: o.orderNo,
    enterpriseId: o.enterprise.userId,
    providerId: o.provider.userId,
    productName: '数字化诊断服务',
    productId: uuidv7(),
    from,
    to,
    by: byProvider ? o.provider : o.enterprise,
    reason: to === 'cancelled' ? '无法提供' : null,
    at: at.toISOString(),
  };
}

function completed(o: Order, at = new Date()): DataOf<typeof oe.completed> {
  return {
    ...step(o, 'delivered', 'completed', at),
    enterpriseName: '南京待办科技有限公司',
    district: '玄武区',
    city: '南京市',
    providerName: '服务商甲',
    totalAmount: 100_000,
    payments: [],
  };
}

async function todos(caller: Caller, kind?: TodoKind) {
  return h.call(notifications.todos, kind ? { kind } : {}, caller);
}
const countOf = async (caller: Caller, kind: TodoKind) =>
  (await h.call(notifications.todoCounts, {}, caller)).byKind.find((k) => k.kind === kind)?.count ?? 0;

describe('an order’s to-dos follow its steps (issue 18 item 3, ORD-2)', () => {
  it('raises the provider’s count of orders to accept when an order is paid, and lowers it when accepted', async () => {
    const o = newOrder();
    expect(await countOf(o.provider, 'order_to_accept')).toBe(0);

    await announce(oe.placed, step(o, null, 'pending_payment'));
    expect((await h.call(notifications.todoCounts, {}, o.provider)).total).toBe(0);

    await announce(oe.awaitingProvider, step(o, 'pending_payment', 'awaiting_provider'));
    const counts = await h.call(notifications.todoCounts, {}, o.provider);
    expect(counts).toEqual({ total: 1, overdue: 0, byKind: [{ kind: 'order_to_accept', count: 1, overdue: 0 }] });
    const [todo] = (await todos(o.provider)).items;
    expect(todo).toMatchObject({
      kind: 'order_to_accept',
      subjectType: 'order',
      subjectId: o.orderId,
      state: null,
      title: {
        'zh-CN': `待接单：数字化诊断服务（订单 ${o.orderNo}）`,
        en: `Order to accept: 数字化诊断服务 (order ${o.orderNo})`,
      },
      dueAt: null,
      overdue: false,
      escalated: false,
    });

    await announce(oe.accepted, step(o, 'awaiting_provider', 'accepted'));
    expect(await countOf(o.provider, 'order_to_accept')).toBe(0);
    // ORD-5: the enterprise uploads the signed contract next
    expect((await todos(o.enterprise)).items.map((t) => t.kind)).toEqual(['contract_to_upload']);
  });

  it('opens the provider’s order to accept for a free order placed straight into awaiting_provider', async () => {
    const o = newOrder();
    await announce(oe.placed, step(o, null, 'awaiting_provider'));
    expect(await countOf(o.provider, 'order_to_accept')).toBe(1);
  });

  it('closes the order to accept when the provider declines or the enterprise cancels', async () => {
    for (const by of ['provider', 'enterprise'] as const) {
      const o = newOrder();
      await announce(oe.awaitingProvider, step(o, 'pending_payment', 'awaiting_provider'));
      const cancel = step(o, 'awaiting_provider', 'cancelled');
      await announce(oe.cancelled, { ...cancel, by: by === 'provider' ? o.provider : o.enterprise });
      expect((await h.call(notifications.todoCounts, {}, o.provider)).total, by).toBe(0);
      expect((await h.call(notifications.todoCounts, {}, o.enterprise)).total, by).toBe(0);
    }
  });

  it('walks the whole order: service to record, order to confirm, "not completed" back to service, evaluation due in 7 days', async () => {
    const o = newOrder();
    const t0 = Date.now() - 10 * HOUR;
    const at = (n: number) => new Date(t0 + n * HOUR);
    await announce(oe.awaitingProvider, step(o, 'pending_payment', 'awaiting_provider', at(0)));
    await announce(oe.accepted, step(o, 'awaiting_provider', 'accepted', at(1)));
    // the contract uploaded: the provider serves, writes its service records (ORD-6) and delivers
    await announce(oe.inService, step(o, 'accepted', 'in_service', at(2)));
    expect((await todos(o.enterprise)).total).toBe(0);
    expect((await todos(o.provider)).items.map((t) => t.kind)).toEqual(['service_record_to_write']);

    await announce(oe.delivered, step(o, 'in_service', 'delivered', at(3)));
    expect((await todos(o.provider)).total).toBe(0);
    expect((await todos(o.enterprise)).items.map((t) => t.kind)).toEqual(['order_to_confirm']);

    // the enterprise says "not completed": back to the provider, and a second delivery reopens the confirmation
    await announce(oe.inService, step(o, 'delivered', 'in_service', at(4)));
    expect((await todos(o.enterprise)).total).toBe(0);
    expect((await todos(o.provider)).items.map((t) => t.kind)).toEqual(['service_record_to_write']);
    await announce(oe.delivered, step(o, 'in_service', 'delivered', at(5)));
    const [confirm] = (await todos(o.enterprise)).items;
    expect(confirm).toMatchObject({ kind: 'order_to_confirm', createdAt: at(5).toISOString() });

    await announce(oe.completed, completed(o, at(6)));
    const [evaluate] = (await todos(o.enterprise)).items;
    expect(evaluate).toMatchObject({
      kind: 'evaluation_to_give',
      dueAt: new Date(at(6).getTime() + 7 * 24 * HOUR).toISOString(),
      overdue: false,
    });

    await announce(oe.evaluated, {
      orderId: o.orderId,
      productId: uuidv7(),
      providerId: o.provider.userId,
      enterpriseId: o.enterprise.userId,
      enterpriseName: '南京待办科技有限公司',
      district: '玄武区',
      productName: '数字化诊断服务',
      providerName: '服务商甲',
      rating: 'good',
      text: '',
      auto: false,
      at: at(7).toISOString(),
    });
    expect((await todos(o.enterprise)).total).toBe(0);
    expect((await todos(o.provider)).total).toBe(0);
  });
});

describe('each step counts once, whatever order the events come in (issue 18 item 6)', () => {
  it('opens nothing twice when the same event is redelivered', async () => {
    const o = newOrder();
    const paid = step(o, 'pending_payment', 'awaiting_provider');
    const id = await announce(oe.awaitingProvider, paid);
    await h.redeliver(oe.awaitingProvider, id, paid);
    await sleep(300);
    expect((await todos(o.provider)).total).toBe(1);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM todos WHERE subject_id = ${o.orderId}
      AND kind = 'order_to_accept'`.execute(h.service.db);
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('opens nothing twice when the same step is replayed under a new event id (a dead letter replayed)', async () => {
    const o = newOrder();
    const paid = step(o, 'pending_payment', 'awaiting_provider');
    await announce(oe.awaitingProvider, paid);
    await announce(oe.awaitingProvider, paid);
    expect(await countOf(o.provider, 'order_to_accept')).toBe(1);
  });

  it('does not reopen an order to accept when its paid event comes late, after the acceptance', async () => {
    const o = newOrder();
    const paidAt = new Date(Date.now() - 60_000);
    await announce(oe.accepted, step(o, 'awaiting_provider', 'accepted'));
    await announce(oe.awaitingProvider, step(o, 'pending_payment', 'awaiting_provider', paidAt));
    expect((await todos(o.provider)).total).toBe(0);
    // the acceptance still stands: the contract is the enterprise's
    expect((await todos(o.enterprise)).items.map((t) => t.kind)).toEqual(['contract_to_upload']);
  });

  it('does not reopen a closed to-do when an older event is redelivered after its close', async () => {
    const o = newOrder();
    const paid = step(o, 'pending_payment', 'awaiting_provider', new Date(Date.now() - 60_000));
    const id = await announce(oe.awaitingProvider, paid);
    await announce(oe.cancelled, step(o, 'awaiting_provider', 'cancelled'));
    await h.redeliver(oe.awaitingProvider, id, paid);
    await announce(oe.awaitingProvider, paid); // and once more, as a replay the inbox does not know
    expect((await todos(o.provider)).total).toBe(0);
  });
});

describe('whose to-dos a caller sees (DOMAIN §1: one’s own only)', () => {
  it('never shows another user’s to-dos, whatever the caller’s role', async () => {
    const o = newOrder();
    await announce(oe.awaitingProvider, step(o, 'pending_payment', 'awaiting_provider'));
    for (const other of [
      as('provider'),
      as('provider_staff'),
      as('enterprise'),
      as('operator'),
      as('approver'),
      as('admin'),
      as('district_officer', { district: '玄武区' }),
      o.enterprise,
    ]) {
      expect(
        (await todos(other)).items.map((t) => t.subjectId),
        other.role,
      ).not.toContain(o.orderId);
    }
    expect((await todos(o.provider)).total).toBe(1);
  });

  it('shows a provider’s order to-dos to its staff with the orders menu, and to no other staff (ID-8)', async () => {
    const o = newOrder();
    await announce(oe.awaitingProvider, step(o, 'pending_payment', 'awaiting_provider'));
    const staff = (providerId: string, permissions: ('orders' | 'settlement')[]) =>
      as('provider_staff', { providerId, permissions });
    expect((await todos(staff(o.provider.userId, ['orders']))).items.map((t) => t.subjectId)).toEqual([o.orderId]);
    expect((await todos(staff(o.provider.userId, ['settlement']))).total).toBe(0);
    expect((await todos(staff(uuidv7(), ['orders']))).total).toBe(0);
  });

  it('refuses a caller with no signed-in user', async () => {
    expect((await h.refusal(notifications.todos, {})).code).toBe('UNAUTHENTICATED');
    expect((await h.refusal(notifications.todoCounts, {})).code).toBe('UNAUTHENTICATED');
  });
});

// --- the enterprise's vouchers to use (issue 18, WAL-6) ---

interface Voucher {
  voucherId: string;
  voucherNumber: string;
  enterprise: Caller;
  endsAt: string;
}

function newVoucher(): Voucher {
  return {
    voucherId: uuidv7(),
    voucherNumber: `2026${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    enterprise: as('enterprise'),
    endsAt: new Date(Date.now() + 6 * 24 * HOUR).toISOString(),
  };
}

/** The wallet's reminder of the voucher's expiry (WAL-6), `daysLeft` before it. */
const expiring = (v: Voucher, daysLeft: 7 | 1 = 7): DataOf<typeof we.voucherExpiring> => ({
  voucherId: v.voucherId,
  voucherNumber: v.voucherNumber,
  enterpriseId: v.enterprise.userId,
  category: 'CLOUD',
  categoryName: '上云券',
  balance: 200_000,
  deadline: 'expiry',
  endsAt: v.endsAt,
  expiresAt: v.endsAt,
  daysLeft,
});

/** The wallet telling the reminded voucher moved (used up, expired, reclaimed; or back by a refund, WAL-5). */
function voucherMoved(
  v: Voucher,
  from: DataOf<typeof we.voucherMoved>['from'],
  to: DataOf<typeof we.voucherMoved>['to'],
  cause: DataOf<typeof we.voucherMoved>['cause'],
  at = new Date(),
): DataOf<typeof we.voucherMoved> {
  return {
    voucherId: v.voucherId,
    voucherNumber: v.voucherNumber,
    enterpriseId: v.enterprise.userId,
    from,
    to,
    cause,
    orderId: cause === 'payment' || cause === 'refund' ? uuidv7() : null,
    at: at.toISOString(),
    reminded:
      to === 'available'
        ? { category: 'CLOUD', categoryName: '上云券', balance: 200_000, deadline: 'expiry', endsAt: v.endsAt }
        : null,
  };
}

describe('the enterprise’s vouchers to use before they expire (issue 18, WAL-6)', () => {
  it('raises the enterprise’s count with a voucher’s reminder, lowers it when used, raises it on a refund, lowers it when expired', async () => {
    const v = newVoucher();
    expect(await countOf(v.enterprise, 'voucher_to_use')).toBe(0);

    await announce(we.voucherExpiring, expiring(v, 7));
    expect(await countOf(v.enterprise, 'voucher_to_use')).toBe(1);
    expect((await todos(v.enterprise)).items).toEqual([
      expect.objectContaining({
        kind: 'voucher_to_use',
        subjectType: 'voucher',
        subjectId: v.voucherId,
        title: {
          'zh-CN': `待使用服务券：上云券（券号 ${v.voucherNumber}），到期前使用`,
          en: `Voucher to use before it expires: 上云券 (No. ${v.voucherNumber})`,
        },
        dueAt: v.endsAt,
        overdue: false,
      }),
    ]);
    // the 1-day reminder restates the same to-do
    await announce(we.voucherExpiring, expiring(v, 1));
    expect(await countOf(v.enterprise, 'voucher_to_use')).toBe(1);

    await announce(we.voucherMoved, voucherMoved(v, 'available', 'used', 'payment'));
    expect(await countOf(v.enterprise, 'voucher_to_use')).toBe(0);

    // WAL-5: the order cancelled before the expiry, the voucher is the enterprise's to use again
    await announce(we.voucherMoved, voucherMoved(v, 'used', 'available', 'refund'));
    expect((await todos(v.enterprise, 'voucher_to_use')).items).toEqual([
      expect.objectContaining({ subjectId: v.voucherId, dueAt: v.endsAt }),
    ]);

    await announce(we.voucherMoved, voucherMoved(v, 'available', 'expired', 'expiry'));
    expect((await h.call(notifications.todoCounts, {}, v.enterprise)).total).toBe(0);
  });

  it('does not reopen a voucher to use when its reminder is handled after the voucher left available', async () => {
    const v = newVoucher();
    // reminded, then reclaimed a minute later; the reclaim's event is handled first (one durable per event type)
    const reclaimedAt = new Date(Date.now() + 60_000);
    await announce(we.voucherMoved, voucherMoved(v, 'available', 'reclaimed', 'reclaim', reclaimedAt));
    await announce(we.voucherExpiring, expiring(v, 7));
    expect(await countOf(v.enterprise, 'voucher_to_use')).toBe(0);
  });

  it('never shows an enterprise another’s vouchers to use', async () => {
    const v = newVoucher();
    await announce(we.voucherExpiring, expiring(v));
    expect(await countOf(as('enterprise'), 'voucher_to_use')).toBe(0);
  });
});

// --- reviewers' queues (QUA-8) ---

function moved(
  kind: DataOf<typeof qe.applicationMoved>['kind'],
  district: string | null,
  to: DataOf<typeof qe.applicationMoved>['to'],
  opts: { applicationId?: string; at?: Date; from?: DataOf<typeof qe.applicationMoved>['from'] } = {},
): DataOf<typeof qe.applicationMoved> {
  return {
    applicationId: opts.applicationId ?? uuidv7(),
    kind,
    applicantId: uuidv7(),
    companyName: '南京队列科技有限公司',
    district,
    year: kind === 'voucher_qualification' ? 2026 : null,
    from: opts.from ?? null,
    to,
    at: (opts.at ?? new Date()).toISOString(),
  };
}

const uniqueDistrict = () => `测试区${uuidv7().slice(-8)}`;
const subjectsOf = async (caller: Caller) => (await todos(caller, 'review_queue')).items.map((t) => t.subjectId);

describe('reviewers’ queues (QUA-8), scoped as their own review lists are', () => {
  it('shows a district officer its own district’s applications only', async () => {
    const mine = uniqueDistrict();
    const theirs = uniqueDistrict();
    const here = moved('enterprise_certification', mine, 'submitted');
    const there = moved('voucher_qualification', theirs, 'submitted');
    await announce(qe.applicationMoved, here);
    await announce(qe.applicationMoved, there);

    const officer = as('district_officer', { district: mine });
    const items = (await todos(officer)).items;
    expect(items.map((t) => t.subjectId)).toEqual([here.applicationId]);
    expect(items[0]).toMatchObject({
      kind: 'review_queue',
      subjectType: 'enterprise_certification',
      state: 'submitted',
      title: {
        'zh-CN': '待审核：南京队列科技有限公司的企业认证',
        en: 'To review: the enterprise certification of 南京队列科技有限公司',
      },
    });
    expect(await subjectsOf(as('district_officer', { district: theirs }))).toEqual([there.applicationId]);
    expect(await subjectsOf(as('district_officer'))).toEqual([]);
    // the operator reviews providers, not enterprises
    expect(await subjectsOf(as('operator'))).not.toContain(here.applicationId);
  });

  it('moves a provider certification from the operator’s queue to the approver’s, and out when decided', async () => {
    const applicationId = uuidv7();
    const t0 = Date.now() - 60_000;
    await announce(
      qe.applicationMoved,
      moved('provider_certification', null, 'submitted', { applicationId, at: new Date(t0) }),
    );
    expect(await subjectsOf(as('operator'))).toContain(applicationId);
    expect(await subjectsOf(as('approver'))).not.toContain(applicationId);

    await announce(
      qe.applicationMoved,
      moved('provider_certification', null, 'operator_approved', {
        applicationId,
        from: 'submitted',
        at: new Date(t0 + 1000),
      }),
    );
    expect(await subjectsOf(as('operator'))).not.toContain(applicationId);
    expect(await subjectsOf(as('approver'))).toContain(applicationId);

    await announce(
      qe.applicationMoved,
      moved('provider_certification', null, 'certified', {
        applicationId,
        from: 'operator_approved',
        at: new Date(t0 + 2000),
      }),
    );
    expect(await subjectsOf(as('approver'))).not.toContain(applicationId);
  });

  it('takes a withdrawn application out of the queue, and a late submission does not put it back', async () => {
    const district = uniqueDistrict();
    const applicationId = uuidv7();
    const submittedAt = new Date(Date.now() - 60_000);
    await announce(
      qe.applicationMoved,
      moved('voucher_qualification', district, 'withdrawn', { applicationId, from: 'submitted' }),
    );
    await announce(
      qe.applicationMoved,
      moved('voucher_qualification', district, 'submitted', { applicationId, at: submittedAt }),
    );
    expect(await subjectsOf(as('district_officer', { district }))).toEqual([]);
  });
});

describe('the listing reviewers’ queues (CAT-3)', () => {
  it('passes a product from the operator to the expert to the approver, and out when listed or rejected', async () => {
    const productId = uuidv7();
    const providerId = uuidv7();
    const t0 = Date.now() - 60_000;
    const move = (from: DataOf<typeof ce.productReviewMoved>['from'], to: typeof from, n: number) =>
      announce(ce.productReviewMoved, {
        productId,
        providerId,
        productName: '上云用云方案',
        from,
        to,
        at: new Date(t0 + n * 1000).toISOString(),
      });
    await move('draft', 'operator_review', 0);
    const [item] = (await todos(as('operator'), 'review_queue')).items.filter((t) => t.subjectId === productId);
    expect(item).toMatchObject({
      subjectType: 'product',
      state: 'operator_review',
      title: { 'zh-CN': '待运营初审：上云用云方案', en: 'To review (operator review): 上云用云方案' },
    });
    await move('operator_review', 'expert_review', 1);
    expect(await subjectsOf(as('operator'))).not.toContain(productId);
    expect(await subjectsOf(as('expert'))).toContain(productId);
    await move('expert_review', 'final_review', 2);
    expect(await subjectsOf(as('expert'))).not.toContain(productId);
    expect(await subjectsOf(as('approver'))).toContain(productId);
    await move('final_review', 'listed', 3);
    expect(await subjectsOf(as('approver'))).not.toContain(productId);
    // the provider's own list shows none of it: a queue is the reviewers'
    expect((await todos({ userId: providerId, role: 'provider' })).items).toEqual([]);
  });
});

describe('the settlement reviewers’ queues (SET-3, SET-5)', () => {
  const redemption = (
    kind: 'voucher' | 'general',
    applicationId: string,
    from: DataOf<typeof se.submitted>['from'],
    to: DataOf<typeof se.submitted>['to'],
    at: Date,
  ): DataOf<typeof se.submitted> => ({
    applicationId,
    kind,
    providerId: uuidv7(),
    amount: 123_456,
    from,
    to,
    by: { userId: uuidv7(), role: 'approver' },
    reason: null,
    at: at.toISOString(),
  });

  it('puts payment lines before the approver, then finance for the payment steps, and out when paid', async () => {
    const id = uuidv7();
    const t0 = Date.now() - 60_000;
    await announce(se.submitted, redemption('voucher', id, null, 'submitted', new Date(t0)));
    const [item] = (await todos(as('approver'), 'review_queue')).items.filter((t) => t.subjectId === id);
    expect(item).toMatchObject({
      subjectType: 'settlement',
      state: 'submitted',
      title: { 'zh-CN': '待审核：兑付申请（1234.56 元）', en: 'To assess: redemption application (CNY 1234.56)' },
    });
    expect(await subjectsOf(as('operator'))).not.toContain(id);

    await announce(se.assessed, redemption('voucher', id, 'submitted', 'assessed', new Date(t0 + 1000)));
    expect(await subjectsOf(as('approver'))).not.toContain(id);
    expect(await subjectsOf(as('finance'))).toContain(id);
    await announce(se.paymentApproved, redemption('voucher', id, 'assessed', 'payment_approved', new Date(t0 + 2000)));
    expect((await todos(as('finance'), 'review_queue')).items.find((t) => t.subjectId === id)?.state).toBe(
      'payment_approved',
    );
    await announce(se.paid, redemption('voucher', id, 'payment_approved', 'paid', new Date(t0 + 3000)));
    expect(await subjectsOf(as('finance'))).not.toContain(id);
  });

  it('puts a general voucher before an operator first, and takes a rejected one out', async () => {
    const id = uuidv7();
    const t0 = Date.now() - 60_000;
    await announce(se.submitted, redemption('general', id, null, 'submitted', new Date(t0)));
    expect(await subjectsOf(as('operator'))).toContain(id);
    expect(await subjectsOf(as('approver'))).not.toContain(id);
    await announce(se.rejected, redemption('general', id, 'submitted', 'rejected', new Date(t0 + 1000)));
    expect(await subjectsOf(as('operator'))).not.toContain(id);
  });
});

describe('the SLA of a review state (issue 18 item 3, a programme setting)', () => {
  const admin = as('admin');

  it('marks a queue item overdue past its state’s SLA, oldest due first, and counts it', async () => {
    const district = uniqueDistrict();
    await h.call(
      notifications.putTodoSlas,
      { items: [{ chain: 'voucher_qualification', state: 'submitted', hours: 24, escalateTo: null }] },
      admin,
    );
    const old = moved('voucher_qualification', district, 'submitted', { at: new Date(Date.now() - 30 * HOUR) });
    const fresh = moved('voucher_qualification', district, 'submitted', { at: new Date(Date.now() - 1 * HOUR) });
    await announce(qe.applicationMoved, fresh);
    await announce(qe.applicationMoved, old);

    const officer = as('district_officer', { district });
    const { items } = await todos(officer);
    expect(items.map((t) => [t.subjectId, t.overdue, t.escalated])).toEqual([
      [old.applicationId, true, false],
      [fresh.applicationId, false, false],
    ]);
    expect(items[0]!.dueAt).toBe(new Date(new Date(old.at).getTime() + 24 * HOUR).toISOString());
    expect(await h.call(notifications.todoCounts, {}, officer)).toEqual({
      total: 2,
      overdue: 1,
      byKind: [{ kind: 'review_queue', count: 2, overdue: 1 }],
    });

    // a longer SLA applies at once to what waits already
    await h.call(
      notifications.putTodoSlas,
      { items: [{ chain: 'voucher_qualification', state: 'submitted', hours: 48, escalateTo: null }] },
      admin,
    );
    expect((await h.call(notifications.todoCounts, {}, officer)).overdue).toBe(0);
  });

  it('escalates an overdue item to the role its chain names, who then sees it too; not before it is overdue', async () => {
    const district = uniqueDistrict();
    await h.call(
      notifications.putTodoSlas,
      { items: [{ chain: 'enterprise_certification', state: 'submitted', hours: 2, escalateTo: 'approver' }] },
      admin,
    );
    const late = moved('enterprise_certification', district, 'submitted', { at: new Date(Date.now() - 3 * HOUR) });
    const onTime = moved('enterprise_certification', district, 'submitted');
    await announce(qe.applicationMoved, late);
    await announce(qe.applicationMoved, onTime);

    const approver = as('approver');
    const seen = (await todos(approver, 'review_queue')).items;
    expect(seen.find((t) => t.subjectId === late.applicationId)).toMatchObject({ overdue: true, escalated: true });
    expect(seen.map((t) => t.subjectId)).not.toContain(onTime.applicationId);

    const officer = as('district_officer', { district });
    expect((await todos(officer)).items.map((t) => [t.subjectId, t.escalated])).toEqual([
      [late.applicationId, true],
      [onTime.applicationId, false],
    ]);
    // another district's officer sees neither, escalated or not
    expect(await subjectsOf(as('district_officer', { district: uniqueDistrict() }))).toEqual([]);

    // decided: out of both lists
    await announce(
      qe.applicationMoved,
      moved('enterprise_certification', district, 'certified', {
        applicationId: late.applicationId,
        from: 'submitted',
      }),
    );
    expect(await subjectsOf(approver)).not.toContain(late.applicationId);
    expect(await subjectsOf(officer)).toEqual([onTime.applicationId]);

    await h.call(
      notifications.putTodoSlas,
      { items: [{ chain: 'enterprise_certification', state: 'submitted', hours: 72, escalateTo: null }] },
      admin,
    );
  });

  it('lets only an administrator read and change the SLAs, for the states that wait for a reviewer', async () => {
    const { items } = await h.call(notifications.todoSlas, {}, admin);
    expect(items.map((s) => `${s.chain}/${s.state}`)).toEqual([
      'enterprise_certification/submitted',
      'general_voucher/assessed',
      'general_voucher/payment_approved',
      'general_voucher/submitted',
      'product/expert_review',
      'product/final_review',
      'product/operator_review',
      'provider_certification/operator_approved',
      'provider_certification/submitted',
      'settlement/assessed',
      'settlement/payment_approved',
      'settlement/submitted',
      'voucher_qualification/submitted',
    ]);
    for (const role of ['approver', 'district_officer', 'enterprise'] as const) {
      expect((await h.refusal(notifications.todoSlas, {}, as(role))).code).toBe('FORBIDDEN');
      expect(
        (
          await h.refusal(
            notifications.putTodoSlas,
            { items: [{ chain: 'voucher_qualification', state: 'submitted', hours: 1, escalateTo: null }] },
            as(role),
          )
        ).code,
      ).toBe('FORBIDDEN');
    }
    await h.call(
      notifications.putTodoSlas,
      { items: [{ chain: 'provider_certification', state: 'operator_approved', hours: 72, escalateTo: null }] },
      admin,
    );
    const bad = await h.refusal(
      notifications.putTodoSlas,
      { items: [{ chain: 'voucher_qualification', state: 'approved', hours: 1, escalateTo: null }] },
      admin,
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details).toMatchObject({ fields: [{ path: 'items.0.state' }] });
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE entity = 'todo_sla' AND actor_id = ${admin.userId}`.execute(h.service.db);
    expect(audited.rows[0]!.n).toBeGreaterThan(0);
  });
});
