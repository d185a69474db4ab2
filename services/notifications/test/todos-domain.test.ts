import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { OrderState, TodoSla } from '@voucher/contracts';
import {
  AUTO_EVALUATION_DAYS,
  countTodos,
  escalatedTo,
  isReviewState,
  orderTodoChanges,
  reviewTodoChanges,
  settlementTodoChanges,
  productTodoChanges,
  todosOf,
  voucherTodoChanges,
  type OpenTodo,
  type OrderStep,
  type VoucherDeadline,
  type VoucherStep,
} from '../src/domain/todos.ts';
import { as } from './harness.ts';

const HOUR = 3_600_000;
const enterpriseId = uuidv7();
const providerId = uuidv7();
const orderStep = (to: OrderStep['to'], at = '2026-07-01T02:00:00.000Z'): OrderStep => ({
  orderId: uuidv7(),
  orderNo: '202607011019317670278137',
  enterpriseId,
  providerId,
  productName: '数字化诊断服务',
  to,
  at,
});
const openIn = (to: OrderStep['to']) =>
  orderTodoChanges(orderStep(to))
    .filter((c) => c.open)
    .map((c) => [c.kind, 'userId' in c.owner ? c.owner.userId : c.owner.role]);

describe('which order to-do each ORD-2 state opens, for which party', () => {
  it.each([
    ['awaiting_provider', 'order_to_accept', providerId],
    ['accepted', 'contract_to_upload', enterpriseId],
    ['in_service', 'service_record_to_write', providerId],
    ['delivered', 'order_to_confirm', enterpriseId],
    ['completed', 'evaluation_to_give', enterpriseId],
  ] as const)('an order %s waits for %s', (state, kind, owner) => {
    expect(openIn(state)).toEqual([[kind, owner]]);
  });

  it.each(['cancelled', 'evaluated'] as const)('an order %s waits for nobody: every to-do of it is closed', (state) => {
    const changes = orderTodoChanges(orderStep(state));
    expect(changes).toHaveLength(5);
    expect(changes.every((c) => !c.open)).toBe(true);
  });

  it('restates every to-do of the order at each step, so the latest step decides whatever the order of arrival', () => {
    const changes = orderTodoChanges(orderStep('accepted'));
    expect(changes.map((c) => [c.kind, c.open])).toEqual([
      ['order_to_accept', false],
      ['contract_to_upload', true],
      ['service_record_to_write', false],
      ['order_to_confirm', false],
      ['evaluation_to_give', false],
    ]);
    expect(new Set(changes.map((c) => c.at.toISOString()))).toEqual(new Set(['2026-07-01T02:00:00.000Z']));
  });

  it('changes nothing for an order still pending payment: the enterprise placing it is paying it', () => {
    expect(orderTodoChanges(orderStep('pending_payment' as OrderState))).toEqual([]);
  });

  it('makes the evaluation due when the system would evaluate it (ORD-7, 7 days after completion)', () => {
    const evaluation = orderTodoChanges(orderStep('completed')).find((c) => c.kind === 'evaluation_to_give')!;
    expect(AUTO_EVALUATION_DAYS).toBe(7);
    expect(evaluation.dueAt?.toISOString()).toBe('2026-07-08T02:00:00.000Z');
    expect(orderTodoChanges(orderStep('accepted')).every((c) => c.dueAt === null)).toBe(true);
  });

  it('names the product and the order number in both languages, or the number alone when the event has no product', () => {
    const [accept] = orderTodoChanges(orderStep('awaiting_provider'));
    expect(accept!.title).toEqual({
      'zh-CN': '待接单：数字化诊断服务（订单 202607011019317670278137）',
      en: 'Order to accept: 数字化诊断服务 (order 202607011019317670278137)',
    });
    const [unnamed] = orderTodoChanges({ ...orderStep('awaiting_provider'), productName: '' });
    expect(unnamed!.title).toEqual({
      'zh-CN': '待接单：订单 202607011019317670278137',
      en: 'Order to accept: order 202607011019317670278137',
    });
  });
});

/** A voucher's step: to use before `deadline` (its reminder, or a refund's return), or gone from available (`null`). */
const voucherStep = (toUse: Partial<VoucherDeadline> | null, at = '2026-07-01T02:00:00.000Z'): VoucherStep => ({
  voucherId: uuidv7(),
  voucherNumber: '20260000001',
  enterpriseId,
  toUse:
    toUse === null
      ? null
      : {
          category: 'CLOUD',
          categoryName: '上云券',
          balance: 200_000,
          deadline: 'expiry',
          endsAt: '2026-07-08T02:00:00.000Z',
          ...toUse,
        },
  at,
});

describe('the enterprise’s vouchers to use before they expire (issue 18, WAL-6)', () => {
  it('opens the enterprise’s voucher to use on a deadline reminder, due at the deadline', () => {
    const [change] = voucherTodoChanges(voucherStep({}));
    expect(change).toMatchObject({
      kind: 'voucher_to_use',
      subjectType: 'voucher',
      step: '',
      owner: { userId: enterpriseId },
      open: true,
      title: {
        'zh-CN': '待使用服务券：上云券（券号 20260000001），到期前使用',
        en: 'Voucher to use before it expires: 上云券 (No. 20260000001)',
      },
      dueAt: new Date('2026-07-08T02:00:00.000Z'),
      at: new Date('2026-07-01T02:00:00.000Z'),
    });
  });

  it('says a voucher reminded of its reclaim is taken back unless used (WAL-6, GD’s 30 days)', () => {
    const [change] = voucherTodoChanges(voucherStep({ deadline: 'reclaim', endsAt: '2026-07-05T00:00:00.000Z' }));
    expect(change!.title).toEqual({
      'zh-CN': '待使用服务券：上云券（券号 20260000001），逾期未使用将被收回',
      en: 'Voucher to use before it is reclaimed: 上云券 (No. 20260000001)',
    });
    expect(change!.dueAt).toEqual(new Date('2026-07-05T00:00:00.000Z'));
  });

  it('closes it when the voucher leaves available (used up, expired, reclaimed), with no due time', () => {
    const [change] = voucherTodoChanges(voucherStep(null));
    expect(change).toMatchObject({ kind: 'voucher_to_use', open: false, dueAt: null });
  });

  it('reopens it on a refund before the expiry (WAL-5), due at the deadline reminded, as of the refund', () => {
    const [change] = voucherTodoChanges(
      voucherStep({ endsAt: '2026-07-08T02:00:00.000Z' }, '2026-07-03T09:00:00.000Z'),
    );
    expect(change).toMatchObject({ open: true, dueAt: new Date('2026-07-08T02:00:00.000Z') });
    expect(change!.at).toEqual(new Date('2026-07-03T09:00:00.000Z'));
  });
});

describe('which review queue an application step opens (QUA-8, DOMAIN §3 chains)', () => {
  const step = (kind: 'enterprise_certification' | 'provider_certification' | 'voucher_qualification', to: string) =>
    reviewTodoChanges({
      applicationId: uuidv7(),
      kind,
      companyName: '南京队列科技有限公司',
      district: '玄武区',
      year: kind === 'voucher_qualification' ? 2026 : null,
      to: to as 'submitted',
      at: '2026-07-01T02:00:00.000Z',
    });

  it.each([
    ['enterprise_certification', 'submitted', 'district_officer'],
    ['voucher_qualification', 'submitted', 'district_officer'],
    ['provider_certification', 'submitted', 'operator'],
    ['provider_certification', 'operator_approved', 'approver'],
  ] as const)('a %s %s waits in the %s’s queue, in its district', (kind, to, role) => {
    const open = step(kind, to).filter((c) => c.open);
    expect(open.map((c) => [c.kind, c.step, c.owner])).toEqual([
      ['review_queue', to, { role, district: '玄武区', chain: kind }],
    ]);
  });

  it.each(['certified', 'approved', 'rejected', 'withdrawn', 'superseded', 'revoked'])(
    'an application %s waits for no reviewer: its review states are closed',
    (to) => {
      for (const kind of ['enterprise_certification', 'provider_certification', 'voucher_qualification'] as const) {
        const changes = step(kind, to);
        expect(changes.length).toBeGreaterThan(0);
        expect(changes.every((c) => !c.open)).toBe(true);
      }
    },
  );

  it('names the company, the chain and the programme year', () => {
    expect(step('voucher_qualification', 'submitted')[0]!.title).toEqual({
      'zh-CN': '待审核：南京队列科技有限公司的服务券资格申请 2026',
      en: 'To review: the voucher qualification 2026 of 南京队列科技有限公司',
    });
  });

  it('knows which states of a chain an SLA may be set for', () => {
    expect(isReviewState('provider_certification', 'operator_approved')).toBe(true);
    expect(isReviewState('voucher_qualification', 'approved')).toBe(false);
    expect(isReviewState('settlement', 'payment_approved')).toBe(true);
    expect(isReviewState('settlement', 'paid')).toBe(false);
    expect(isReviewState('catalog', 'submitted')).toBe(false);
  });
});

describe('which listing review queue a product step opens (CAT-3)', () => {
  const open = (to: string) =>
    productTodoChanges({ productId: uuidv7(), productName: '上云用云方案', to, at: '2026-07-01T02:00:00.000Z' })
      .filter((c) => c.open)
      .map((c) => [c.step, 'role' in c.owner ? c.owner.role : null]);

  it.each([
    ['operator_review', 'operator'],
    ['expert_review', 'expert'],
    ['final_review', 'approver'],
  ])('a product in %s waits for the %s', (to, role) => {
    expect(open(to)).toEqual([[to, role]]);
  });

  it.each(['draft', 'listed', 'rejected', 'withdrawn', 'delisted'])('a product %s waits for no reviewer', (to) => {
    expect(open(to)).toEqual([]);
  });
});

describe('which settlement queue a redemption step opens (SET-3, SET-5)', () => {
  const step = (kind: 'voucher' | 'general', to: string) =>
    settlementTodoChanges({ applicationId: uuidv7(), kind, amount: 50_000, to, at: '2026-07-01T02:00:00.000Z' });
  const open = (kind: 'voucher' | 'general', to: string) =>
    step(kind, to)
      .filter((c) => c.open)
      .map((c) => [c.subjectType, c.step, 'role' in c.owner ? c.owner.role : null]);

  it.each([
    ['voucher', 'submitted', 'settlement', 'approver'],
    ['general', 'submitted', 'general_voucher', 'operator'],
    ['voucher', 'assessed', 'settlement', 'finance'],
    ['general', 'payment_approved', 'general_voucher', 'finance'],
  ] as const)('a %s application %s waits in the %s chain for the %s', (kind, to, chain, role) => {
    expect(open(kind, to)).toEqual([[chain, to, role]]);
  });

  it.each(['paid', 'confirmed', 'rejected'])('an application %s waits for no reviewer', (to) => {
    expect(open('voucher', to)).toEqual([]);
    expect(step('voucher', to)).toHaveLength(3);
  });

  it('is platform-wide: no district scopes it', () => {
    expect(step('voucher', 'submitted').every((c) => 'role' in c.owner && c.owner.district === null)).toBe(true);
  });
});

describe('who sees which open to-do, when it is due, overdue, escalated', () => {
  const now = new Date('2026-07-02T00:00:00.000Z');
  const row = (o: Partial<OpenTodo>): OpenTodo => ({
    id: uuidv7(),
    kind: 'review_queue',
    subjectType: 'enterprise_certification',
    subjectId: uuidv7(),
    step: 'submitted',
    userId: null,
    role: 'district_officer',
    district: '玄武区',
    chain: 'enterprise_certification',
    title: { 'zh-CN': 't', en: 't' },
    dueAt: null,
    openedAt: new Date(now.getTime() - HOUR),
    createdAt: now,
    ...o,
  });
  const sla = (hours: number | null, escalateTo: TodoSla['escalateTo'] = null): TodoSla[] => [
    { chain: 'enterprise_certification', state: 'submitted', hours, escalateTo },
  ];

  it('shows a user its own to-dos and never another user’s, whatever its role', () => {
    const owner = as('provider');
    const own = row({ kind: 'order_to_accept', userId: owner.userId, role: null, chain: null, step: '' });
    expect(todosOf(owner, [own], [], now).map((t) => t.id)).toEqual([own.id]);
    for (const other of [as('provider'), as('admin'), as('district_officer', { district: '玄武区' })]) {
      expect(todosOf(other, [own], [], now)).toEqual([]);
    }
  });

  it('shows a provider’s own to-dos to its staff with the orders menu only', () => {
    const provider = as('provider');
    const own = row({ kind: 'order_to_accept', userId: provider.userId, role: null, chain: null, step: '' });
    const staff = (permissions: ('orders' | 'customers')[], providerId = provider.userId) =>
      as('provider_staff', { providerId, permissions });
    expect(todosOf(staff(['orders']), [own], [], now)).toHaveLength(1);
    expect(todosOf(staff(['customers']), [own], [], now)).toEqual([]);
    expect(todosOf(staff(['orders'], uuidv7()), [own], [], now)).toEqual([]);
  });

  it('shows a district officer its district’s queue only, and nothing without a district', () => {
    const item = row({});
    expect(todosOf(as('district_officer', { district: '玄武区' }), [item], sla(null), now)).toHaveLength(1);
    expect(todosOf(as('district_officer', { district: '鼓楼区' }), [item], sla(null), now)).toEqual([]);
    expect(todosOf(as('district_officer'), [item], sla(null), now)).toEqual([]);
    expect(todosOf(as('operator'), [item], sla(null), now)).toEqual([]);
  });

  it('makes a queue item due its SLA’s hours after it started waiting, and overdue past it', () => {
    const officer = as('district_officer', { district: '玄武区' });
    const [within] = todosOf(officer, [row({})], sla(2), now);
    expect(within).toMatchObject({ dueAt: '2026-07-02T01:00:00.000Z', overdue: false, escalated: false });
    const [past] = todosOf(officer, [row({ openedAt: new Date(now.getTime() - 3 * HOUR) })], sla(2), now);
    expect(past).toMatchObject({ dueAt: '2026-07-01T23:00:00.000Z', overdue: true, escalated: false });
    const [none] = todosOf(officer, [row({ openedAt: new Date(0) })], sla(null), now);
    expect(none).toMatchObject({ dueAt: null, overdue: false });
  });

  it('escalates an overdue item to the chain’s escalation role, which sees it in every district; not before', () => {
    const late = row({ openedAt: new Date(now.getTime() - 3 * HOUR) });
    const fresh = row({});
    const approver = as('approver');
    expect(todosOf(approver, [late, fresh], sla(2, 'approver'), now).map((t) => [t.id, t.escalated])).toEqual([
      [late.id, true],
    ]);
    expect(todosOf(approver, [late], sla(2, null), now)).toEqual([]);
    // the reviewer still has it, marked escalated
    expect(todosOf(as('district_officer', { district: '玄武区' }), [late], sla(2, 'approver'), now)[0]).toMatchObject({
      escalated: true,
    });
    expect(escalatedTo('approver', sla(2, 'approver'))).toEqual([
      { chain: 'enterprise_certification', state: 'submitted' },
    ]);
    expect(escalatedTo('approver', sla(null, 'approver'))).toEqual([]);
  });

  it('lists the oldest due first, then the ones without a deadline, oldest first', () => {
    const user = as('enterprise');
    const mine = (dueAt: Date | null, openedHoursAgo: number) =>
      row({
        kind: 'evaluation_to_give',
        userId: user.userId,
        role: null,
        chain: null,
        step: '',
        dueAt,
        openedAt: new Date(now.getTime() - openedHoursAgo * HOUR),
      });
    const a = mine(null, 1);
    const b = mine(new Date(now.getTime() + 5 * HOUR), 2);
    const c = mine(null, 9);
    const d = mine(new Date(now.getTime() - HOUR), 3);
    expect(todosOf(user, [a, b, c, d], [], now).map((t) => t.id)).toEqual([d.id, b.id, c.id, a.id]);
    expect(countTodos(todosOf(user, [a, b, c, d], [], now))).toEqual({
      total: 4,
      overdue: 1,
      byKind: [{ kind: 'evaluation_to_give', count: 4, overdue: 1 }],
    });
  });
});
