import { sql, type Kysely } from 'kysely';
import type { LedgerTotals } from '../domain/ledger.ts';
import type { DB as WalletDb } from './db.ts';

/** WAL-3: vouchers whose issue entry is not their face value, or whose entries do not sum to their balance. */
export async function ledgerMismatches(db: Kysely<WalletDb>): Promise<{ voucherId: string; problem: string }[]> {
  return (
    await sql<{ voucher_id: string; problem: string }>`
      SELECT v.id AS voucher_id,
             CASE WHEN coalesce(sum(l.amount) FILTER (WHERE l.kind = 'issue'), 0) <> v.face_value
                  THEN 'issue entry differs from the face value'
                  ELSE 'entries do not sum to the balance' END AS problem
      FROM vouchers v LEFT JOIN ledger l ON l.voucher_id = v.id
      GROUP BY v.id
      HAVING coalesce(sum(l.amount) FILTER (WHERE l.kind = 'issue'), 0) <> v.face_value
          OR coalesce(sum(l.amount), 0) <> v.balance
      LIMIT 1000`.execute(db)
  ).rows.map((m) => ({ voucherId: m.voucher_id, problem: m.problem }));
}

/** WAL-3: the ledger's totals by kind of entry, and the vouchers' count and balances. */
export async function ledgerTotals(db: Kysely<WalletDb>): Promise<{ vouchers: number; totals: LedgerTotals }> {
  const t = (
    await sql<Record<string, number>>`
      SELECT (SELECT count(*) FROM vouchers)::bigint AS vouchers,
             (SELECT coalesce(sum(balance), 0) FROM vouchers)::bigint AS balances,
             coalesce(sum(amount) FILTER (WHERE kind = 'issue'), 0)::bigint AS issued,
             coalesce(-sum(amount) FILTER (WHERE kind = 'payment'), 0)::bigint AS paid,
             coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunded,
             coalesce(-sum(amount) FILTER (WHERE kind = 'forfeit'), 0)::bigint AS forfeited,
             coalesce(-sum(amount) FILTER (WHERE kind = 'expiry'), 0)::bigint AS expired,
             coalesce(-sum(amount) FILTER (WHERE kind = 'reclaim'), 0)::bigint AS reclaimed
      FROM ledger`.execute(db)
  ).rows[0]!;
  return {
    vouchers: t.vouchers!,
    totals: {
      issued: t.issued!,
      balances: t.balances!,
      paid: t.paid!,
      refunded: t.refunded!,
      forfeited: t.forfeited!,
      expired: t.expired!,
      reclaimed: t.reclaimed!,
    },
  };
}
