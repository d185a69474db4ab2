import { orderEvents as oe, walletEvents as we, type DataOf } from '@voucher/contracts';
import { zonedParts } from '@voucher/kit/calendar';
import type { Draft } from './templates.ts';

/** An instant as the programme's people read it: `yyyy-MM-dd HH:mm` in the programme's zone (DOMAIN §0). */
export function localTime(iso: string, timeZone: string): string {
  const p = zonedParts(new Date(iso), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** Fen as yuan with two decimals, in whole numbers all the way (DOMAIN §0: money is never a float). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The deadline reminders (issue 18 item 2): each event is one voucher or one
 * order at one threshold (7 days, then 1 day before), and becomes one message
 * for the party that would lose something. All are essential: they always
 * reach the inbox and go by SMS.
 */
export const reminders = {
  /**
   * A voucher's expiry (WAL-6) or its reclaim unused (WAL-6, GD's 30 days to
   * order), to the enterprise that holds it (`enterpriseId`, its user id).
   */
  voucherExpiring: (d: DataOf<typeof we.voucherExpiring>, timeZone: string): Draft[] => {
    const voucher = { categoryName: d.categoryName, voucherNumber: d.voucherNumber, daysLeft: d.daysLeft };
    return d.deadline === 'expiry'
      ? [
          {
            userId: d.enterpriseId,
            template: 'voucher.expiring',
            params: { ...voucher, balance: yuan(d.balance), expiresOn: localTime(d.endsAt, timeZone) },
          },
        ]
      : [
          {
            userId: d.enterpriseId,
            template: 'voucher.reclaim_due',
            params: { ...voucher, reclaimOn: localTime(d.endsAt, timeZone) },
          },
        ];
  },
  /**
   * An order that is cancelled at `cancelAt` without its contract (ORD-5): the
   * enterprise uploads the contract, and loses its vouchers otherwise, so it
   * is always told; an order still waiting for its provider cannot get a
   * contract before the provider accepts, so the provider is told as well:
   * its main account and its staff with the `orders` menu (ID-8).
   */
  contractDue: (d: DataOf<typeof oe.contractDue>, staff: readonly string[], timeZone: string): Draft[] => {
    const params = {
      productName: d.productName,
      orderNo: d.orderNo,
      cancelOn: localTime(d.cancelAt, timeZone),
      daysLeft: d.daysLeft,
    };
    return [
      { userId: d.enterpriseId, template: 'order.contract_due', params },
      ...(d.state === 'awaiting_provider'
        ? [d.providerId, ...staff].map((userId) => ({ userId, template: 'order.acceptance_due' as const, params }))
        : []),
    ];
  },
} as const;
