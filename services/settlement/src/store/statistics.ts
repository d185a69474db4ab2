import { sql, type Kysely } from 'kysely';
import type { DataOf, orderEvents } from '@voucher/contracts';
import type { DB as SettlementDb } from './db.ts';

/** SET-6: what settlement counts for the programme's statistics, its redemptions and the evaluations. */
export function statisticsStore(db: Kysely<SettlementDb>) {
  return {
    /** the amounts redeemed (paid or confirmed) per group, of a district only when one is given */
    async redeemed(q: {
      groupBy: 'category' | 'district' | 'provider' | 'month';
      from?: string | undefined;
      to?: string | undefined;
      district: string | undefined;
    }): Promise<Map<string, number>> {
      const key = {
        category: sql`l.category`,
        district: sql`coalesce(l.district, '')`,
        provider: sql`l.provider_id::text`,
        month: sql`to_char(a.paid_on, 'YYYY-MM')`,
      }[q.groupBy];
      const filter = sql.join(
        [
          sql`a.state IN ('paid', 'confirmed')`,
          ...(q.from ? [sql`a.paid_on >= ${q.from}::date`] : []),
          ...(q.to ? [sql`a.paid_on <= ${q.to}::date`] : []),
          ...(q.district !== undefined ? [sql`l.district = ${q.district}`] : []),
        ],
        sql` AND `,
      );
      const redeemed = (
        await sql<{ key: string; amount: string }>`SELECT ${key} AS key, sum(l.amount)::text AS amount
          FROM applications a JOIN application_lines al ON al.application_id = a.id JOIN payment_lines l ON l.id = al.line_id
          WHERE ${filter} GROUP BY 1`.execute(db)
      ).rows;
      return new Map(redeemed.map((r) => [r.key, Number(r.amount)]));
    },

    /** the evaluations counted by rating per provider or product, the most evaluated first */
    async evaluations(groupBy: 'provider' | 'product', district: string | undefined) {
      const [key, label] =
        groupBy === 'provider'
          ? [sql`provider_id`, sql`max(provider_name)`]
          : [sql`product_id`, sql`max(product_name)`];
      return (
        await sql<{ key: string; label: string; total: number; good: number; neutral: number; bad: number }>`
          SELECT ${key}::text AS key, ${label} AS label, count(*)::int AS total,
                 count(*) FILTER (WHERE rating = 'good')::int AS good,
                 count(*) FILTER (WHERE rating = 'neutral')::int AS neutral,
                 count(*) FILTER (WHERE rating = 'bad')::int AS bad
          FROM evaluations WHERE ${district !== undefined ? sql`district = ${district}` : sql`true`}
          GROUP BY 1 ORDER BY total DESC, 1`.execute(db)
      ).rows;
    },

    /** an evaluation orders announce (ORD-7), once per order */
    async recordEvaluation(d: DataOf<typeof orderEvents.evaluated>): Promise<void> {
      await sql`INSERT INTO evaluations (order_id, product_id, product_name, provider_id, provider_name, district, rating, at)
                VALUES (${d.orderId}, ${d.productId}, ${d.productName}, ${d.providerId}, ${d.providerName}, ${d.district},
                        ${d.rating}, ${d.at})
                ON CONFLICT (order_id) DO NOTHING`.execute(db);
    },
  };
}
