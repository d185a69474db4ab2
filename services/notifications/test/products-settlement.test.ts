import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  catalogEvents as ce,
  notifications,
  settlementEvents as se,
  type DataOf,
  type identity,
  type RequestOf,
} from '@voucher/contracts';
import { as, notificationsHarness, sleep, type NotificationsHarness } from './harness.ts';

/**
 * Issue 18 item 2: a product's review at each stage (CAT-3) and a redemption
 * application's review steps and payment (SET-3), turned into the provider's
 * inbox messages (and the payment's SMS request). Against the real PostgreSQL
 * and NATS, identity played by a responder on the isolated bus.
 */
let h: NotificationsHarness;
const texts: RequestOf<typeof identity.textUser>[] = [];

beforeAll(async () => {
  h = await notificationsHarness('notifprodset', {}, async (payload) => {
    texts.push(payload);
    return { key: payload.key, sentAt: new Date().toISOString() };
  });
});
afterAll(() => h?.close());

const inboxOf = async (userId: string) =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 20 }, { userId, role: 'provider' })).items;

describe('issue 18: a product’s review at each stage reaches its provider (CAT-3)', () => {
  it('tells each stage passed, the listing and a rejection with its reason, inbox only, once per event', async () => {
    const provider = as('provider');
    const productId = uuidv7();
    const move = (
      from: DataOf<typeof ce.productReviewMoved>['from'],
      to: DataOf<typeof ce.productReviewMoved>['to'],
      reason: string | null = null,
    ): DataOf<typeof ce.productReviewMoved> => ({
      productId,
      providerId: provider.userId,
      productName: '上云用云方案',
      from,
      to,
      reason,
      at: new Date().toISOString(),
    });
    // the provider's own submission tells it nothing
    await h.announce(ce.productReviewMoved, move('draft', 'operator_review'));
    const passed = uuidv7();
    await h.redeliver(ce.productReviewMoved, passed, move('operator_review', 'expert_review'));
    const until = Date.now() + 8000;
    while ((await inboxOf(provider.userId)).length === 0 && Date.now() < until) await sleep(20);
    const [first] = await inboxOf(provider.userId);
    expect(first).toMatchObject({
      kind: 'product_review',
      template: 'product.passed_operator_review',
      params: { productName: '上云用云方案' },
      title: { 'zh-CN': '产品已通过运营初审', en: 'Product passed the operator review' },
    });
    // the same event again (a redelivery, a replay of the dead letter): no second message
    await h.redeliver(ce.productReviewMoved, passed, move('operator_review', 'expert_review'));
    await sleep(500);
    expect(await inboxOf(provider.userId)).toHaveLength(1);

    await h.announce(ce.productReviewMoved, move('expert_review', 'final_review'));
    await h.announce(ce.productReviewMoved, move('final_review', 'rejected', '缺少报价依据'));
    const inbox = await inboxOf(provider.userId);
    expect(inbox.map((m) => m.template)).toEqual([
      'product.rejected',
      'product.passed_expert_review',
      'product.passed_operator_review',
    ]);
    expect(inbox[0]!.body['zh-CN']).toBe(
      '您提交的产品「上云用云方案」未通过审核，请修改后重新提交。原因：缺少报价依据',
    );

    await h.announce(ce.productReviewMoved, move('rejected', 'draft'));
    await h.announce(ce.productReviewMoved, move('draft', 'operator_review'));
    await h.announce(ce.productReviewMoved, move('operator_review', 'expert_review'));
    await h.announce(ce.productReviewMoved, move('expert_review', 'final_review'));
    await h.announce(ce.productReviewMoved, move('final_review', 'listed'));
    const [listed] = await inboxOf(provider.userId);
    expect(listed).toMatchObject({ kind: 'product_review', template: 'product.listed' });
    expect(await inboxOf(provider.userId)).toHaveLength(6);
    expect(await h.smsRequestsFor(provider.userId)).toEqual([]);
  });

  it('tells a force-delisting with its reason, and not the provider’s own delisting', async () => {
    const provider = as('provider');
    const delisted = (forced: boolean, reason: string | null): DataOf<typeof ce.productDelisted> => ({
      productId: uuidv7(),
      providerId: provider.userId,
      productName: '数字化转型诊断',
      forced,
      reason,
      at: new Date().toISOString(),
    });
    await h.announce(ce.productDelisted, delisted(false, null));
    await h.announce(ce.productDelisted, delisted(true, '服务商资质已过期'));
    const inbox = await inboxOf(provider.userId);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      kind: 'product_review',
      template: 'product.force_delisted',
      params: { productName: '数字化转型诊断', reason: '服务商资质已过期' },
    });
    expect(await h.smsRequestsFor(provider.userId)).toEqual([]);
  });

  it('keeps the messages out of the inbox of a provider who turned product reviews off (not essential)', async () => {
    const provider = as('provider');
    await h.call(notifications.updatePreferences, { kinds: [{ kind: 'product_review', inbox: false }] }, provider);
    await h.announce(ce.productReviewMoved, {
      productId: uuidv7(),
      providerId: provider.userId,
      productName: '上云用云方案',
      from: 'final_review',
      to: 'listed',
      reason: null,
      at: new Date().toISOString(),
    });
    expect(await inboxOf(provider.userId)).toEqual([]);
  });
});

describe('issue 18: a redemption application at each review step, and its payment, reach its provider (SET-3)', () => {
  it('tells the assessment, the payment approval and the payment (by SMS too), and nothing of the provider’s own steps', async () => {
    const provider = as('provider');
    const applicationId = uuidv7();
    const step = (
      from: DataOf<typeof se.submitted>['from'],
      to: DataOf<typeof se.submitted>['to'],
      extra: Partial<DataOf<typeof se.submitted>> = {},
    ): DataOf<typeof se.submitted> => ({
      applicationId,
      kind: 'voucher',
      providerId: provider.userId,
      amount: 1_500_050,
      from,
      to,
      by: { userId: uuidv7(), role: 'approver' },
      reason: null,
      transfer: null,
      at: new Date().toISOString(),
      ...extra,
    });
    await h.announce(se.submitted, step(null, 'submitted', { by: { userId: provider.userId, role: 'provider' } }));
    await h.announce(se.assessed, step('submitted', 'assessed'));
    await h.announce(se.paymentApproved, step('assessed', 'payment_approved'));
    expect(await h.smsRequestsFor(provider.userId)).toEqual([]);
    const paid = uuidv7();
    const payment = step('payment_approved', 'paid', {
      by: { userId: uuidv7(), role: 'finance' },
      reason: 'transfer HX20261125001 on 2026-11-25',
      transfer: { reference: 'HX20261125001', paidOn: '2026-11-25' },
    });
    await h.redeliver(se.paid, paid, payment);
    const until = Date.now() + 8000;
    while ((await inboxOf(provider.userId)).length < 3 && Date.now() < until) await sleep(20);
    await h.announce(se.confirmed, step('paid', 'confirmed', { by: { userId: provider.userId, role: 'provider' } }));

    const inbox = await inboxOf(provider.userId);
    expect(inbox.map((m) => m.template)).toEqual([
      'settlement.paid',
      'settlement.payment_approved',
      'settlement.assessed',
    ]);
    expect(inbox.every((m) => m.kind === 'settlement_step')).toBe(true);
    expect(inbox[2]!.body['zh-CN']).toBe('您提交的兑付申请（申请金额15000.50元）已通过审核，等待支付审批。');
    expect(inbox[0]).toMatchObject({
      params: { amount: '15000.50', reference: 'HX20261125001', paidOn: '2026-11-25' },
      title: { 'zh-CN': '兑付款项已支付', en: 'Redemption paid' },
    });
    expect(await h.smsRequestsFor(provider.userId)).toEqual([
      { messageId: inbox[0]!.id, userId: provider.userId, text: expect.stringContaining('兑付款项已支付：') },
    ]);
    // the payment redelivered: no second message, no second SMS
    await h.redeliver(se.paid, paid, payment);
    await sleep(500);
    expect(await inboxOf(provider.userId)).toHaveLength(3);
    expect(await h.smsRequestsFor(provider.userId)).toHaveLength(1);
    const deadline = Date.now() + 8000;
    while (!texts.some((t) => t.userId === provider.userId) && Date.now() < deadline) await sleep(20);
    expect(texts.filter((t) => t.userId === provider.userId)).toHaveLength(1);
  });

  it('tells a rejection with its reason, inbox only', async () => {
    const provider = as('provider');
    await h.announce(se.rejected, {
      applicationId: uuidv7(),
      kind: 'general',
      providerId: provider.userId,
      amount: 50_000,
      from: 'submitted',
      to: 'rejected',
      by: { userId: uuidv7(), role: 'operator' },
      reason: '发票抬头不符',
      at: new Date().toISOString(),
    });
    const [message] = await inboxOf(provider.userId);
    expect(message).toMatchObject({
      kind: 'settlement_step',
      template: 'settlement.rejected',
      params: { amount: '500.00', reason: '发票抬头不符' },
    });
    expect(await h.smsRequestsFor(provider.userId)).toEqual([]);
  });
});
