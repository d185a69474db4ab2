import { sql, type Kysely } from 'kysely';
import { qualificationEvents as qe, wallet } from '@voucher/contracts';
import { requireRole, startConsumer, type RunningConsumer } from '@voucher/bus';
import type { WalletDeps } from './deps.ts';

/** SET-6: what each grouping groups by, over the ledger `l`, its voucher `v`, enterprise `e` and payment `p`. */
const keyOf = (timeZone: string) =>
  ({
    category: sql`v.category_code`,
    district: sql`coalesce(e.district, '')`,
    provider: sql`coalesce(p.provider_id::text, '')`,
    month: sql`to_char(l.at AT TIME ZONE ${timeZone}, 'YYYY-MM')`,
  }) as const;

/**
 * The wallet's side of the voucher statistics, from the ledger itself so the
 * totals agree with the integrity check (WAL-3): issued, used (paid less
 * refunded), forfeited, expired and reclaimed, in fen.
 */
export function registerStatistics({ bus, db, timeZone }: WalletDeps): void {
  bus.handle(wallet.statistics, async ({ groupBy, from, to, district }, ctx) => {
    const caller = requireRole(ctx, 'admin', 'approver', 'finance', 'district_officer');
    // a district officer sees its own district only, whatever it asks for
    const onlyDistrict = caller.role === 'district_officer' ? (caller.district ?? '') : district;
    const filter = sql.join(
      [
        sql`true`,
        ...(from ? [sql`l.at >= (${from}::date)::timestamp AT TIME ZONE ${timeZone}`] : []),
        ...(to ? [sql`l.at < ((${to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`] : []),
        ...(onlyDistrict !== undefined ? [sql`e.district = ${onlyDistrict}`] : []),
      ],
      sql` AND `,
    );
    const key = keyOf(timeZone)[groupBy];
    const rows = (
      await sql<{
        key: string;
        issued_count: number;
        issued: string;
        used: string;
        forfeited: string;
        expired: string;
        reclaimed: string;
      }>`SELECT ${key} AS key,
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
    return {
      rows: rows.map((r) => ({
        key: r.key,
        issuedCount: r.issued_count,
        issued: Number(r.issued),
        used: Number(r.used),
        forfeited: Number(r.forfeited),
        expired: Number(r.expired),
        reclaimed: Number(r.reclaimed),
      })),
    };
  });
}

/** The district of each enterprise, from qualification's events (QUA-9). */
export function startDistrictProjection({ bus, db }: WalletDeps): Promise<RunningConsumer[]> {
  const upsert = async (d: { enterpriseId: string; district: string }, trx: Kysely<any>) => {
    await sql`INSERT INTO enterprises (enterprise_id, district) VALUES (${d.enterpriseId}, ${d.district})
              ON CONFLICT (enterprise_id) DO UPDATE SET district = EXCLUDED.district`.execute(trx);
  };
  const common = { bus, db, name: 'wallet-districts' };
  return Promise.all([
    startConsumer({ ...common, event: qe.enterpriseCertified, handle: (e, trx) => upsert(e.data, trx) }),
    startConsumer({ ...common, event: qe.enterpriseUpdated, handle: (e, trx) => upsert(e.data, trx) }),
  ]);
}
