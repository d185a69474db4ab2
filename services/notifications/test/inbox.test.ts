import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  notifications,
  orderEvents as oe,
  qualificationEvents as qe,
  type Caller,
  type DataOf,
} from '@voucher/contracts';
import { as, notificationsHarness, type NotificationsHarness, certifiedEvent, until } from './harness.ts';

let h: NotificationsHarness;

beforeAll(async () => {
  h = await notificationsHarness('notif');
});
afterAll(() => h?.close());

const certified = (enterprise: Caller, companyName: string) => certifiedEvent(enterprise, companyName);

const qualified = (enterprise: Caller, year: number): DataOf<typeof qe.voucherQualificationApproved> => ({
  ...certified(enterprise, '南京收件科技有限公司'),
  year,
  complete: true,
});

const refused = (
  applicant: Caller,
  kind: DataOf<typeof qe.enterpriseRejected>['kind'],
  reason: string,
): DataOf<typeof qe.enterpriseRejected> => ({
  applicantId: applicant.userId,
  applicationId: uuidv7(),
  kind,
  year: kind === 'voucher_qualification' ? 2026 : null,
  reason,
  by: uuidv7(),
  at: new Date().toISOString(),
});

async function messagesOfEvent(eventId: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM messages WHERE source_event_id = ${eventId}`.execute(h.service.db);
  return r.rows[0]!.n;
}

describe('a review result reaches the applicant’s inbox (issue 18 item 2)', () => {
  it('writes an enterprise’s certification to that enterprise alone, once, in Chinese and English (QUA-1)', async () => {
    const enterprise = as('enterprise');
    const bystander = as('enterprise');
    await h.announce(qe.enterpriseCertified, certified(enterprise, '南京收件科技有限公司'));

    const inbox = await h.call(notifications.inbox, {}, enterprise);
    expect(inbox).toMatchObject({ page: 1, pageSize: 20, total: 1 });
    const [message] = inbox.items;
    expect(message).toMatchObject({
      kind: 'review_result',
      template: 'enterprise_certification.approved',
      params: { companyName: '南京收件科技有限公司' },
      title: { 'zh-CN': '企业认证已通过', en: 'Enterprise certification approved' },
      readAt: null,
    });
    expect(message!.body['zh-CN']).toContain('南京收件科技有限公司');
    expect(message!.body.en).toContain('南京收件科技有限公司');
    expect(await h.call(notifications.unreadCount, {}, enterprise)).toEqual({ unread: 1 });
    expect((await h.call(notifications.inbox, {}, bystander)).total).toBe(0);
  });

  it('tells the applicant of a refusal the reviewer’s reason, for each kind of application', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    await h.announce(qe.enterpriseRejected, refused(enterprise, 'enterprise_certification', '营业执照不清晰'));
    await h.announce(qe.voucherQualificationRejected, refused(enterprise, 'voucher_qualification', '缺少社保证明'));
    await h.announce(qe.providerRejected, refused(provider, 'provider_certification', '承诺书未盖章'));

    const mine = (await h.call(notifications.inbox, {}, enterprise)).items;
    expect(mine.map((m) => [m.template, m.params])).toEqual([
      ['voucher_qualification.rejected', { year: 2026, reason: '缺少社保证明' }],
      ['enterprise_certification.rejected', { reason: '营业执照不清晰' }],
    ]);
    expect(mine[0]!.title['zh-CN']).toBe('2026年度服务券资格未通过');
    const [theirs] = (await h.call(notifications.inbox, {}, provider)).items;
    expect(theirs!.body.en).toContain('Reason: 承诺书未盖章');
  });

  it('tells a provider’s main account its certification, and an enterprise its qualification of the year', async () => {
    const provider = as('provider');
    const enterprise = as('enterprise');
    await h.announce(qe.providerCertified, {
      providerId: provider.userId,
      companyName: '济南服务咨询有限公司',
      creditCode: '91370100MA3C5LHT2B',
      region: { scope: 'city', city: '济南市' },
      serviceScopes: ['诊断咨询'],
      applicationId: uuidv7(),
      at: new Date().toISOString(),
    });
    await h.announce(qe.voucherQualificationApproved, qualified(enterprise, 2026));
    const [certification] = (await h.call(notifications.inbox, {}, provider)).items;
    expect(certification!.title.en).toBe('Provider certification approved');
    const [qualification] = (await h.call(notifications.inbox, {}, enterprise)).items;
    expect(qualification!.title['zh-CN']).toBe('2026年度服务券资格已通过');
  });
});

type OrderStep = DataOf<typeof oe.accepted>;

/** An order between an enterprise and a provider, and the facts of each of its steps. */
function anOrder(enterprise: Caller, provider: Caller, productName = '两化融合管理体系评定') {
  const orderId = uuidv7();
  const orderNo = `2026120621${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
  return {
    orderNo,
    step: (from: OrderStep['from'], to: OrderStep['to'], by: Caller, reason: string | null = null): OrderStep => ({
      orderId,
      orderNo,
      enterpriseId: enterprise.userId,
      providerId: provider.userId,
      productId: uuidv7(),
      productName,
      from,
      to,
      by: { userId: by.userId, role: by.role },
      reason,
      at: new Date().toISOString(),
    }),
  };
}

describe('each order step reaches the party that must act next (issue 18 item 2)', () => {
  it('tells the provider of a paid order waiting for it, then the enterprise of its acceptance and delivery', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    const o = anOrder(enterprise, provider);
    await h.announce(oe.placed, o.step(null, 'pending_payment', enterprise));
    expect((await h.call(notifications.inbox, {}, provider)).total).toBe(0);
    await h.announce(oe.awaitingProvider, o.step('pending_payment', 'awaiting_provider', enterprise));

    const [waiting] = (await h.call(notifications.inbox, {}, provider)).items;
    expect(waiting).toMatchObject({
      kind: 'order_step',
      template: 'order.awaiting_provider',
      params: { productName: '两化融合管理体系评定', orderNo: o.orderNo },
      title: { 'zh-CN': '新订单待接单', en: 'New order to accept' },
    });
    expect(waiting!.body['zh-CN']).toContain(o.orderNo);
    expect(waiting!.body.en).toContain('两化融合管理体系评定');
    expect((await h.call(notifications.inbox, {}, enterprise)).total).toBe(0);

    await h.announce(oe.accepted, o.step('awaiting_provider', 'accepted', provider));
    await h.announce(oe.inService, o.step('accepted', 'in_service', enterprise));
    await h.announce(oe.delivered, o.step('in_service', 'delivered', provider));
    const mine = (await h.call(notifications.inbox, {}, enterprise)).items;
    expect(mine.map((m) => [m.kind, m.template, m.params.orderNo])).toEqual([
      ['order_step', 'order.delivered', o.orderNo],
      ['order_step', 'order.accepted', o.orderNo],
    ]);
    expect(mine[0]!.title.en).toBe('Service delivered: please confirm');
    // the contract that starts the service told nobody
    expect((await h.call(notifications.unreadCount, {}, provider)).unread).toBe(1);
  });

  it('tells the provider of "not completed"', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    const o = anOrder(enterprise, provider);
    await h.announce(oe.inService, o.step('delivered', 'in_service', enterprise, '文件未交付'));
    const [message] = (await h.call(notifications.inbox, {}, provider)).items;
    expect(message).toMatchObject({ template: 'order.not_completed', params: { orderNo: o.orderNo } });
    expect(message!.title['zh-CN']).toBe('企业确认服务未完成');
  });

  it('tells the enterprise of a decline with the provider’s reason, and nobody of its own cancel', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    const declined = anOrder(enterprise, provider);
    await h.announce(oe.cancelled, declined.step('awaiting_provider', 'cancelled', provider, '档期已满'));
    const cancelled = anOrder(enterprise, provider);
    await h.announce(
      oe.cancelled,
      cancelled.step('awaiting_provider', 'cancelled', enterprise, 'cancelled by the enterprise'),
    );

    const mine = (await h.call(notifications.inbox, {}, enterprise)).items;
    expect(mine.map((m) => [m.template, m.params])).toEqual([
      ['order.declined', { productName: '两化融合管理体系评定', orderNo: declined.orderNo, reason: '档期已满' }],
    ]);
    expect(mine[0]!.body.en).toContain('Reason: 档期已满');
    expect((await h.call(notifications.inbox, {}, provider)).total).toBe(0);
  });

  it('writes one message for an order step delivered twice', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    const eventId = uuidv7();
    const data = anOrder(enterprise, provider).step('pending_payment', 'awaiting_provider', enterprise);
    await h.redeliver(oe.awaitingProvider, eventId, data);
    await h.redeliver(oe.awaitingProvider, eventId, data);
    // the durable hands its events over in stream order: once a later one is handled, both copies were
    await h.announce(
      oe.awaitingProvider,
      anOrder(enterprise, as('provider')).step('pending_payment', 'awaiting_provider', enterprise),
    );
    expect(await messagesOfEvent(eventId)).toBe(1);
    expect(await h.call(notifications.unreadCount, {}, provider)).toEqual({ unread: 1 });
  });
});

describe('one message per event per recipient (issue 18 item 6)', () => {
  it('writes nothing more when the event is delivered again', async () => {
    const enterprise = as('enterprise');
    const eventId = uuidv7();
    const data = certified(enterprise, '南京重投科技有限公司');
    await h.redeliver(qe.enterpriseCertified, eventId, data);
    await h.redeliver(qe.enterpriseCertified, eventId, data);
    // the durable hands its events over in stream order: once a later one is handled, both copies were
    await h.announce(qe.enterpriseCertified, certified(as('enterprise'), '南京后来科技有限公司'));

    expect(await messagesOfEvent(eventId)).toBe(1);
    expect(await h.call(notifications.unreadCount, {}, enterprise)).toEqual({ unread: 1 });
  });

  it('keeps one message even when the consumer’s inbox no longer knows the event (a replay): the unique key', async () => {
    const enterprise = as('enterprise');
    const eventId = uuidv7();
    const data = refused(enterprise, 'enterprise_certification', '信用代码与执照不符');
    await h.redeliver(qe.enterpriseRejected, eventId, data);
    await until(async () => (await messagesOfEvent(eventId)) === 1);
    await sql`DELETE FROM inbox WHERE event_id = ${eventId}`.execute(h.service.db);

    await h.redeliver(qe.enterpriseRejected, eventId, data);
    await until(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbox WHERE event_id = ${eventId}`.execute(
        h.service.db,
      );
      return r.rows[0]!.n === 1;
    });
    expect(await messagesOfEvent(eventId)).toBe(1);
  });
});

describe('the inbox: paged, newest first, unread count and mark as read (issue 18 item 1)', () => {
  async function enterpriseWithThreeMessages() {
    const enterprise = as('enterprise');
    await h.announce(qe.enterpriseCertified, certified(enterprise, '南京三信科技有限公司'));
    await h.announce(qe.voucherQualificationApproved, qualified(enterprise, 2025));
    await h.announce(qe.voucherQualificationApproved, qualified(enterprise, 2026));
    return enterprise;
  }

  it('pages my messages newest first, and counts the unread ones', async () => {
    const enterprise = await enterpriseWithThreeMessages();
    const first = await h.call(notifications.inbox, { page: 1, pageSize: 2 }, enterprise);
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(first.items.map((m) => m.params.year ?? null)).toEqual([2026, 2025]);
    const second = await h.call(notifications.inbox, { page: 2, pageSize: 2 }, enterprise);
    expect(second.items.map((m) => m.template)).toEqual(['enterprise_certification.approved']);
    expect(await h.call(notifications.unreadCount, {}, enterprise)).toEqual({ unread: 3 });
  });

  it('marks the messages I name read, once, and lists the unread ones apart', async () => {
    const enterprise = await enterpriseWithThreeMessages();
    const [newest] = (await h.call(notifications.inbox, {}, enterprise)).items;
    expect(await h.call(notifications.markRead, { ids: [newest!.id] }, enterprise)).toEqual({ marked: 1, unread: 2 });
    expect(await h.call(notifications.markRead, { ids: [newest!.id] }, enterprise)).toEqual({ marked: 0, unread: 2 });

    const all = await h.call(notifications.inbox, {}, enterprise);
    expect(all.items[0]!.readAt).toEqual(expect.any(String));
    const unread = await h.call(notifications.inbox, { unreadOnly: 'true' }, enterprise);
    expect(unread.total).toBe(2);
    expect(unread.items.map((m) => m.id)).not.toContain(newest!.id);
  });

  it('marks all my messages read', async () => {
    const enterprise = await enterpriseWithThreeMessages();
    expect(await h.call(notifications.markAllRead, {}, enterprise)).toEqual({ marked: 3, unread: 0 });
    expect((await h.call(notifications.inbox, { unreadOnly: true }, enterprise)).total).toBe(0);
  });

  it.each(['provider_staff', 'expert', 'finance', 'admin'] as const)(
    'gives a signed-in %s an inbox of its own too',
    async (role) => {
      const someone = as(role);
      expect(await h.call(notifications.unreadCount, {}, someone)).toEqual({ unread: 0 });
      expect(await h.call(notifications.inbox, {}, someone)).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
    },
  );
});

describe('nobody reads or marks another user’s messages (DOMAIN §1)', () => {
  it('marks nothing of another user’s, whatever ids are sent, and leaves their inbox unread', async () => {
    const owner = as('enterprise');
    const stranger = as('enterprise');
    await h.announce(qe.enterpriseCertified, certified(owner, '南京隐私科技有限公司'));
    const ids = (await h.call(notifications.inbox, {}, owner)).items.map((m) => m.id);

    expect(await h.call(notifications.markRead, { ids }, stranger)).toEqual({ marked: 0, unread: 0 });
    expect(await h.call(notifications.markAllRead, {}, stranger)).toEqual({ marked: 0, unread: 0 });
    expect(await h.call(notifications.unreadCount, {}, owner)).toEqual({ unread: 1 });
  });

  it('reads only the caller’s own inbox: a user named in the request is not heard', async () => {
    const owner = as('enterprise');
    const stranger = as('provider');
    await h.announce(qe.enterpriseCertified, certified(owner, '南京越权科技有限公司'));
    const naming = { userId: owner.userId, enterpriseId: owner.userId } as never;
    expect((await h.call(notifications.inbox, naming, stranger)).total).toBe(0);
    expect(await h.call(notifications.unreadCount, naming, stranger)).toEqual({ unread: 0 });
  });

  it('refuses a request with no signed-in user', async () => {
    expect((await h.refusal(notifications.inbox, {})).code).toBe('UNAUTHENTICATED');
    expect((await h.refusal(notifications.markAllRead, {})).code).toBe('UNAUTHENTICATED');
  });
});

describe('bad input is VALIDATION_FAILED, naming the field', () => {
  const user = as('enterprise');
  it.each([
    ['page 0', notifications.inbox, { page: 0 }, 'page'],
    ['pageSize 1000', notifications.inbox, { pageSize: 1000 }, 'pageSize'],
    ['unreadOnly that is not a flag', notifications.inbox, { unreadOnly: 'maybe' }, 'unreadOnly'],
    ['an id that is not a uuid', notifications.markRead, { ids: ['not-a-uuid'] }, 'ids.0'],
    ['no ids', notifications.markRead, { ids: [] }, 'ids'],
    ['more than 100 ids', notifications.markRead, { ids: Array.from({ length: 101 }, () => uuidv7()) }, 'ids'],
  ] as const)('refuses %s', async (_name, command, payload, field) => {
    const refusal = await h.refusal(command, payload as never, user);
    expect(refusal.code).toBe('VALIDATION_FAILED');
    expect(refusal.details.fields.map((f: { path: string }) => f.path)).toContain(field);
  });
});
