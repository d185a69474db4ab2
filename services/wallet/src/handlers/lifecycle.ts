import { wallet } from '@voucher/contracts';
import { requireRole } from '@voucher/bus';
import { ledgerBalances } from '../domain/ledger.ts';
import { expireDueVouchers, reclaimUntouchedVouchers } from '../store/voucher-ends.ts';
import { ledgerMismatches, ledgerTotals } from '../store/ledger-integrity.ts';
import type { WalletDeps } from './deps.ts';

export function registerLifecycleHandlers({ bus, db, reclaimDays, ledgerChecks }: WalletDeps): void {
  // WAL-6: unused vouchers expire at their expiry
  bus.handle(wallet.expireDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    return { expired: await expireDueVouchers(db) };
  });

  // WAL-6: the programme takes back drawn vouchers left untouched N days after their publication (0: never)
  bus.handle(wallet.reclaimDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    if (reclaimDays <= 0) return { reclaimed: 0 };
    return { reclaimed: await reclaimUntouchedVouchers(db, reclaimDays) };
  });

  // WAL-3: every voucher's issue entry is its face value and its entries sum to its balance; overall,
  // issued = balances + paid - refunded + forfeited + expired + reclaimed
  bus.handle(wallet.integrity, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const [mismatches, { vouchers, totals }] = await Promise.all([ledgerMismatches(db), ledgerTotals(db)]);
    const balanced = ledgerBalances(totals);
    const report = {
      ok: balanced && mismatches.length === 0,
      checkedAt: new Date().toISOString(),
      vouchers,
      mismatches,
      totals,
    };
    if (!report.ok)
      ctx.log.error(
        { alert: 'ledger_integrity', mismatches: report.mismatches.length, totals },
        'ledger identities broken',
      );
    // issue 19: what the alert on the ledger reads, from any replica
    await ledgerChecks.record({ ok: report.ok, checkedAt: report.checkedAt });
    return report;
  });
}
