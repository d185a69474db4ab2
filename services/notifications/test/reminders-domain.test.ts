import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DataOf, orderEvents, walletEvents } from '@voucher/contracts';
import { localTime, reminders, yuan } from '../src/domain/reminders.ts';
import { goesBySms } from '../src/domain/sms.ts';
import { compose, templates, type Template } from '../src/domain/templates.ts';

/** Issue 18 item 2: who each deadline reminder goes to, and what it says. */
const enterpriseId = uuidv7();
const providerId = uuidv7();

const voucher = (deadline: 'expiry' | 'reclaim', daysLeft: 7 | 1): DataOf<typeof walletEvents.voucherExpiring> => ({
  voucherId: uuidv7(),
  voucherNumber: '20260000042',
  enterpriseId,
  category: 'CLOUD',
  categoryName: '上云券',
  balance: 200_000,
  deadline,
  endsAt: '2026-12-31T15:59:59.999Z',
  expiresAt: '2026-12-31T15:59:59.999Z',
  daysLeft,
});

const order = (
  state: 'accepted' | 'awaiting_provider' | 'pending_payment',
): DataOf<typeof orderEvents.contractDue> => ({
  orderId: uuidv7(),
  orderNo: '202612061200000001234567',
  enterpriseId,
  providerId,
  productName: '数字化转型诊断',
  state,
  cancelAt: '2027-01-05T02:00:00.000Z',
  daysLeft: 1,
});

describe('issue 18 item 2: the deadline reminders', () => {
  it('shows dates in the programme’s zone and money in yuan, counted in whole fen', () => {
    expect(localTime('2026-12-31T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-12-31 23:59');
    expect(localTime('2026-12-31T16:00:00.000Z', 'Asia/Shanghai')).toBe('2027-01-01 00:00');
    expect(localTime('2026-12-31T16:00:00.000Z', 'UTC')).toBe('2026-12-31 16:00');
    expect([yuan(200_000), yuan(5), yuan(150_050), yuan(0)]).toEqual(['2000.00', '0.05', '1500.50', '0.00']);
  });

  it('tells the enterprise holding a voucher of its expiry, with its balance, 7 days and 1 day before', () => {
    for (const daysLeft of [7, 1] as const) {
      expect(reminders.voucherExpiring(voucher('expiry', daysLeft), 'Asia/Shanghai')).toEqual([
        {
          userId: enterpriseId,
          template: 'voucher.expiring',
          params: {
            categoryName: '上云券',
            voucherNumber: '20260000042',
            balance: '2000.00',
            expiresOn: '2026-12-31 23:59',
            daysLeft,
          },
        },
      ]);
    }
  });

  it('tells the enterprise of a voucher reclaimed unless used, as an order deadline (GD: 30 days to order)', () => {
    const [draft] = reminders.voucherExpiring(voucher('reclaim', 7), 'Asia/Shanghai');
    expect(draft).toEqual({
      userId: enterpriseId,
      template: 'voucher.reclaim_due',
      params: { categoryName: '上云券', voucherNumber: '20260000042', reclaimOn: '2026-12-31 23:59', daysLeft: 7 },
    });
    expect(compose(draft!).kind).toBe('order_deadline');
  });

  it('tells the enterprise of its contract deadline, and the provider too while the order waits for it (ORD-5)', () => {
    const to = (state: Parameters<typeof order>[0]) =>
      reminders.contractDue(order(state), [], 'Asia/Shanghai').map((d) => [d.userId, d.template]);
    expect(to('accepted')).toEqual([[enterpriseId, 'order.contract_due']]);
    expect(to('pending_payment')).toEqual([[enterpriseId, 'order.contract_due']]);
    expect(to('awaiting_provider')).toEqual([
      [enterpriseId, 'order.contract_due'],
      [providerId, 'order.acceptance_due'],
    ]);
    const [draft] = reminders.contractDue(order('accepted'), [], 'Asia/Shanghai');
    expect(compose(draft!).body['zh-CN']).toBe(
      '订单202612061200000001234567（数字化转型诊断）尚未上传双方签订的服务合同，如在2027-01-05 10:00前仍未上传，订单将被取消，所用服务券将被收回。',
    );
  });

  it('tells the provider’s staff with the orders menu of an acceptance due too (ID-8)', () => {
    const staff = [uuidv7()];
    expect(
      reminders.contractDue(order('awaiting_provider'), staff, 'Asia/Shanghai').map((d) => [d.userId, d.template]),
    ).toEqual([
      [enterpriseId, 'order.contract_due'],
      [providerId, 'order.acceptance_due'],
      [staff[0], 'order.acceptance_due'],
    ]);
    expect(reminders.contractDue(order('accepted'), staff, 'Asia/Shanghai')).toHaveLength(1);
  });

  it('are essential: each goes by SMS as well as to the inbox', () => {
    const keys = ['voucher.expiring', 'voucher.reclaim_due', 'order.contract_due', 'order.acceptance_due'] as const;
    for (const template of keys) {
      const { kind } = templates[template] as unknown as Template;
      expect(['voucher_expiry', 'order_deadline']).toContain(kind);
      expect(goesBySms({ kind, template })).toBe(true);
    }
  });
});
