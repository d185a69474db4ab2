import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  notifications,
  orderEvents as oe,
  walletEvents as we,
  type DataOf,
  type identity,
  type RequestOf,
} from '@voucher/contracts';
import { as, notificationsHarness, sleep, type NotificationsHarness, until } from './harness.ts';

/**
 * Issue 18 item 2: the reminders of the scheduler's jobs, a voucher expiring
 * in 7 days and again in 1 day, a voucher about to be reclaimed unused, an
 * order about to be cancelled for want of its contract, turned into inbox
 * messages and SMS requests. Against the real PostgreSQL and NATS, identity
 * played by a responder on the isolated bus.
 */
let h: NotificationsHarness;
const texts: RequestOf<typeof identity.textUser>[] = [];

beforeAll(async () => {
  h = await notificationsHarness('notifremind', { PROGRAMME_TIME_ZONE: 'Asia/Shanghai' }, async (payload) => {
    texts.push(payload);
    return { key: payload.key, sentAt: new Date().toISOString() };
  });
});
afterAll(() => h?.close());

const inboxOf = async (userId: string, role: 'enterprise' | 'provider' = 'enterprise') =>
  (await h.call(notifications.inbox, { page: 1, pageSize: 20 }, { userId, role })).items;

const expiring = (
  enterpriseId: string,
  daysLeft: 7 | 1,
  deadline: 'expiry' | 'reclaim' = 'expiry',
): DataOf<typeof we.voucherExpiring> => ({
  voucherId: '0193a3c0-0000-7000-8000-000000000001',
  voucherNumber: '20260000042',
  enterpriseId,
  category: 'CLOUD',
  categoryName: '上云券',
  balance: 150_050,
  deadline,
  // 2026-12-13 15:30 in Shanghai
  endsAt: '2026-12-13T07:30:00.000Z',
  expiresAt: '2027-05-01T15:59:59.999Z',
  daysLeft,
});

describe('issue 18: a voucher expiring in 7 days, and again in 1 day, reaches its enterprise', () => {
  it('writes the enterprise one voucher_expiry message per reminder, with an SMS, and nothing more when the event is redelivered', async () => {
    const enterprise = as('enterprise');
    const sevenDays = uuidv7();
    await h.redeliver(we.voucherExpiring, sevenDays, expiring(enterprise.userId, 7));
    await until(async () => (await inboxOf(enterprise.userId)).length === 1);
    const [message] = await inboxOf(enterprise.userId);
    expect(message).toMatchObject({
      kind: 'voucher_expiry',
      template: 'voucher.expiring',
      params: { voucherNumber: '20260000042', balance: '1500.50', expiresOn: '2026-12-13 15:30', daysLeft: 7 },
      title: { 'zh-CN': '服务券7天内到期', en: 'Voucher expiring within 7 day(s)' },
      readAt: null,
    });
    expect(message!.body['zh-CN']).toBe(
      '您的上云券（券号20260000042，余额1500.50元）将于2026-12-13 15:30到期，到期后未使用的余额将失效，请尽快下单使用。',
    );
    await until(() => texts.some((t) => t.userId === enterprise.userId));
    expect(await h.smsRequestsFor(enterprise.userId)).toEqual([
      { messageId: message!.id, userId: enterprise.userId, text: expect.stringContaining('服务券7天内到期') },
    ]);

    // the same reminder again (a redelivery, a replay from the dead letter): no second message, no second SMS
    await h.redeliver(we.voucherExpiring, sevenDays, expiring(enterprise.userId, 7));
    await sleep(500);
    expect(await inboxOf(enterprise.userId)).toHaveLength(1);
    expect(await h.smsRequestsFor(enterprise.userId)).toHaveLength(1);
    expect(texts.filter((t) => t.userId === enterprise.userId)).toHaveLength(1);

    // the 1-day reminder is a reminder of its own
    await h.announce(we.voucherExpiring, expiring(enterprise.userId, 1));
    const inbox = await inboxOf(enterprise.userId);
    expect(inbox.map((m) => m.title['zh-CN'])).toEqual(['服务券1天内到期', '服务券7天内到期']);
    expect(await h.smsRequestsFor(enterprise.userId)).toHaveLength(2);
    expect((await h.call(notifications.unreadCount, {}, enterprise)).unread).toBe(2);
  });

  it('tells the enterprise of a voucher the programme reclaims unless it is used (GD: 30 days to order)', async () => {
    const enterprise = as('enterprise');
    await h.announce(we.voucherExpiring, expiring(enterprise.userId, 1, 'reclaim'));
    const [message] = await inboxOf(enterprise.userId);
    expect(message).toMatchObject({
      kind: 'order_deadline',
      template: 'voucher.reclaim_due',
      params: { reclaimOn: '2026-12-13 15:30', daysLeft: 1 },
    });
    expect(message!.body['zh-CN']).toContain('如在2026-12-13 15:30前仍未下单使用，将被系统自动收回');
    expect(await h.smsRequestsFor(enterprise.userId)).toHaveLength(1);
  });
});

describe('issue 18: an order without its contract, before ORD-5 cancels it', () => {
  const due = (
    enterpriseId: string,
    providerId: string,
    state: 'accepted' | 'awaiting_provider',
  ): DataOf<typeof oe.contractDue> => ({
    orderId: uuidv7(),
    orderNo: '202612061200000001234567',
    enterpriseId,
    providerId,
    productName: '两化融合管理体系评定',
    state,
    cancelAt: '2026-12-13T07:30:00.000Z',
    daysLeft: 7,
  });

  it('tells the enterprise, which uploads the contract, of an accepted order, with an SMS', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    await h.announce(oe.contractDue, due(enterprise.userId, provider.userId, 'accepted'));
    const [message] = await inboxOf(enterprise.userId);
    expect(message).toMatchObject({
      kind: 'order_deadline',
      template: 'order.contract_due',
      params: { orderNo: '202612061200000001234567', cancelOn: '2026-12-13 15:30', daysLeft: 7 },
    });
    expect(await h.smsRequestsFor(enterprise.userId)).toHaveLength(1);
    expect(await inboxOf(provider.userId, 'provider')).toEqual([]);
  });

  it('tells the provider as well while the order still waits for it to accept', async () => {
    const enterprise = as('enterprise');
    const provider = as('provider');
    await h.announce(oe.contractDue, due(enterprise.userId, provider.userId, 'awaiting_provider'));
    expect((await inboxOf(enterprise.userId)).map((m) => m.template)).toEqual(['order.contract_due']);
    expect((await inboxOf(provider.userId, 'provider')).map((m) => m.template)).toEqual(['order.acceptance_due']);
    expect(await h.smsRequestsFor(provider.userId)).toHaveLength(1);
  });
});
