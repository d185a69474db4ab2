import { sql, type Kysely } from 'kysely';
import type { DB as WalletDb } from './db.ts';

type GroupBy = 'category' | 'district' | 'provider' | 'month';

/** SET-6: what each grouping groups by, over the ledger `l`, its voucher `v`, enterprise `e` and payment `p`. */
const keyOf = (timeZone: string) =>
  ({
    category: sql`v.category_code`,
    district: sql`coalesce(e.district, '')`,
    provider: sql`coalesce(p.provider_id::text, '')`,
    month: sql`to_char(l.at AT TIME ZONE ${timeZone}, 'YYYY-MM')`,
  }) as const;

/**
 * The wallet's side of the voucher statistics (SET-6), from the ledger itself
 * so the totals agree with the integrity check (WAL-3): per key, the vouchers
 * issued and the fen issued, used (paid less refunded), forfeited, expired
 * and reclaimed, between the programme's days `from` and `to`, in one
 * district if given.
 */
export async function voucherFigures(
  db: Kysely<WalletDb>,
  q: { groupBy: GroupBy; from?: string; to?: string; district?: string; timeZone: string },
) {
  const filter = sql.join(
    [
      sql`true`,
      ...(q.from ? [sql`l.at >= (${q.from}::date)::timestamp AT TIME ZONE ${q.timeZone}`] : []),
      ...(q.to ? [sql`l.at < ((${q.to}::date + 1)::timestamp AT TIME ZONE ${q.timeZone})`] : []),
      ...(q.district !== undefined ? [sql`e.district = ${q.district}`] : []),
    ],
    sql` AND `,
  );
  const rows = (
    await sql<{
      key: string;
      issued_count: number;
      issued: string;
      used: string;
      forfeited: string;
      expired: string;
      reclaimed: string;
    }>`SELECT ${keyOf(q.timeZone)[q.groupBy]} AS key,
          count(*) FILTER (WHERE l.kind = 'issue')::int AS issued_count,
          coalesce(sum(l.amount) FILTER (WHERE l.kind = 'issue'), 0)::text AS issued,
          coalesce(-sum(l.amount) FILTER (WHERE l.kind IN ('payment', 'refund')), 0)::text AS used,
          coalesce(-sum(l.amount) FILTER (WHERE l.kind = 'forfeit'), 0)::text AS forfeited,
          coalesce(-sum(l.amount) FILTER (WHERE l.kind = 'expiry'), 0)::text AS expired,
          coalesce(-sum(l.amount) FILTER (WHERE l.kind = 'reclaim'), 0)::text AS reclaimed
        FROM ledger l JOIN vouchers v ON v.id = l.voucher_id
        LEFT JOIN enterprises e ON e.enterprise_id = v.enterprise_id
        LEFT JOIN payments p ON p.order_id = l.order_id
        WHERE ${filter} GROUP BY 1 ORDER BY 1`.execute(db)
  ).rows;
  return rows.map((r) => ({
    key: r.key,
    issuedCount: r.issued_count,
    issued: Number(r.issued),
    used: Number(r.used),
    forfeited: Number(r.forfeited),
    expired: Number(r.expired),
    reclaimed: Number(r.reclaimed),
  }));
}

/** The district of each enterprise, from qualification's events (QUA-9). */
export async function recordDistrict(db: Kysely<WalletDb>, d: { enterpriseId: string; district: string }) {
  await sql`INSERT INTO enterprises (enterprise_id, district) VALUES (${d.enterpriseId}, ${d.district})
            ON CONFLICT (enterprise_id) DO UPDATE SET district = EXCLUDED.district`.execute(db);
}
