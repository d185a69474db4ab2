import type { ProcessMetrics } from '@voucher/metrics';
import type { LedgerCheckStore } from './store/ledger-check.ts';

/** The wallet's own series (issue 19): the money that moved, and whether the ledger holds. */
export function walletMetrics(metrics: ProcessMetrics, ledgerChecks: LedgerCheckStore) {
  // before any check: no value (NaN), which no alert compares true, rather than a 0 that would page someone
  metrics.gauge('ledger_integrity_ok', "The last ledger check's outcome (WAL-3): 1 held, 0 broken", [], async (g) => {
    const last = await ledgerChecks.last();
    g.set(last ? Number(last.ok) : NaN);
  });
  metrics.gauge('ledger_integrity_checked_timestamp_seconds', 'When the last ledger check ran', [], async (g) => {
    const last = await ledgerChecks.last();
    g.set(last ? Date.parse(last.checkedAt) / 1000 : NaN);
  });
  return {
    payments: metrics.counter('payments_total', 'Payments deducted from vouchers (WAL-4)'),
    paymentsFen: metrics.counter('payments_fen_total', 'Fen deducted by those payments'),
    refunds: metrics.counter('refunds_total', 'Payments given back to the vouchers (WAL-5), reclaimed orders too'),
    refundsFen: metrics.counter('refunds_fen_total', 'Fen given back by those refunds'),
  };
}
export type WalletMetrics = ReturnType<typeof walletMetrics>;
