import { sql, type Kysely } from 'kysely';
import { maskCompanyName } from '@voucher/contracts';
import type { DB as CatalogDb } from './db.ts';

interface EvaluationRow {
  order_id: string;
  product_id: string;
  product_name: string | null;
  enterprise_name: string;
  rating: 'good' | 'neutral' | 'bad';
  text: string;
  auto: boolean;
  at: Date;
}

/** An evaluation as anyone may read it: the enterprise's name masked (CAT-5). */
function toEvaluationView(r: EvaluationRow) {
  return {
    orderId: r.order_id,
    productId: r.product_id,
    productName: r.product_name,
    enterpriseName: maskCompanyName(r.enterprise_name),
    rating: r.rating,
    text: r.text,
    auto: r.auto,
    at: r.at.toISOString(),
  };
}

/** CAT-5: the evaluations orders tell the catalog of (ORD-7), one per order. */
export function evaluationStore(db: Kysely<CatalogDb>) {
  return {
    /** once per order: a redelivered event changes nothing */
    async record(e: {
      orderId: string;
      productId: string;
      providerId: string;
      enterpriseName: string;
      rating: EvaluationRow['rating'];
      text: string;
      auto: boolean;
      at: string;
    }): Promise<void> {
      await sql`INSERT INTO evaluations (order_id, product_id, provider_id, enterprise_name, rating, text, auto, at)
                VALUES (${e.orderId}, ${e.productId}, ${e.providerId}, ${e.enterpriseName}, ${e.rating}, ${e.text},
                        ${e.auto}, ${e.at})
                ON CONFLICT (order_id) DO NOTHING`.execute(db);
    },

    /** a product page's evaluations: the count of each rating and the `recent` latest */
    async ofProduct(productId: string, productName: string, recent: number) {
      const [counts, latest] = await Promise.all([
        sql<{ rating: string; n: number }>`SELECT rating, count(*)::int AS n FROM evaluations
          WHERE product_id = ${productId} GROUP BY rating`.execute(db),
        sql<EvaluationRow>`SELECT e.*, ${productName}::text AS product_name FROM evaluations e
          WHERE e.product_id = ${productId} ORDER BY e.at DESC, e.order_id LIMIT ${recent}`.execute(db),
      ]);
      const by = Object.fromEntries(counts.rows.map((c) => [c.rating, c.n]));
      return {
        total: (by.good ?? 0) + (by.neutral ?? 0) + (by.bad ?? 0),
        good: by.good ?? 0,
        neutral: by.neutral ?? 0,
        bad: by.bad ?? 0,
        recent: latest.rows.map(toEvaluationView),
      };
    },

    /** one page of a provider's evaluations, the latest first */
    async pageOfProvider(providerId: string, page: number, pageSize: number) {
      const [rows, total] = await Promise.all([
        sql<EvaluationRow>`SELECT e.*, l.name AS product_name FROM evaluations e
          LEFT JOIN listings l ON l.product_id = e.product_id
          WHERE e.provider_id = ${providerId} ORDER BY e.at DESC, e.order_id
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM evaluations WHERE provider_id = ${providerId}`.execute(db),
      ]);
      return { items: rows.rows.map(toEvaluationView), total: total.rows[0]!.n };
    },
  };
}
