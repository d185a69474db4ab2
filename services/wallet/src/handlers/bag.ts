import { wallet } from '@voucher/contracts';
import { requireRole } from '@voucher/bus';
import { shownState, standingsUnderTab } from '../domain/voucher-tabs.ts';
import { bagStore } from '../store/bag.ts';
import type { WalletDeps } from './deps.ts';

/** WAL-1 and WAL-3: an enterprise's vouchers and bills, only what its publication has revealed (LOT-7). */
export function registerBagHandlers({ bus, db }: WalletDeps): void {
  bus.handle(wallet.myVouchers, async ({ state, page, pageSize }, ctx) => {
    const enterpriseId = requireRole(ctx, 'enterprise').userId;
    const rows = await bagStore(db).vouchers(enterpriseId, state && standingsUnderTab(state), page, pageSize);
    return {
      items: rows.map((r) => ({
        id: r.id,
        number: r.number,
        category: r.category_code,
        categoryName: r.name,
        faceValue: r.face_value,
        balance: r.balance,
        state: shownState(r.state, r.lapsed),
        redemptionMode: r.redemption_mode,
        // shown as issued when it became the enterprise's to see
        issuedAt: r.visible_from.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        source: { kind: r.source_kind, batchId: r.batch_id },
      })),
      page,
      pageSize,
      total: rows[0]?.total ?? 0,
    };
  });

  bus.handle(wallet.myLedger, async ({ page, pageSize }, ctx) => {
    const enterpriseId = requireRole(ctx, 'enterprise').userId;
    const rows = await bagStore(db).ledger(enterpriseId, page, pageSize);
    return {
      items: rows.map((r) => ({
        id: r.id,
        voucherId: r.voucher_id,
        voucherNumber: r.number,
        category: r.category_code,
        kind: r.kind,
        amount: r.amount,
        balanceAfter: r.balance_after,
        orderId: r.order_id,
        note: r.note,
        at: r.at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
      })),
      page,
      pageSize,
      total: rows[0]?.total ?? 0,
    };
  });
}
