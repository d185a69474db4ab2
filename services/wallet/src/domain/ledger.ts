/** The ledger's totals by kind of entry, and what the vouchers hold now (WAL-3), in fen. */
export interface LedgerTotals {
  issued: number;
  balances: number;
  paid: number;
  refunded: number;
  forfeited: number;
  expired: number;
  reclaimed: number;
}

/** WAL-3: every fen issued is on a voucher, paid (less what came back), forfeited, expired or reclaimed. */
export function ledgerBalances(t: LedgerTotals): boolean {
  return t.issued === t.balances + t.paid - t.refunded + t.forfeited + t.expired + t.reclaimed;
}
