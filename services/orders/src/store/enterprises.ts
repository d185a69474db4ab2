import { sql, type Kysely } from 'kysely';
import type { DB as OrdersDb } from './db.ts';

/** What orders keeps of a certified enterprise (QUA-9): who may order (ORD-1), what customer lists show (ORD-8). */
export interface EnterpriseFacts {
  enterpriseId: string;
  companyName: string;
  creditCode: string;
  district: string;
  city: string;
}

/** The projection of qualification's enterprises, written by its consumers. */
export function enterpriseStore(db: Kysely<OrdersDb>) {
  return {
    async certified(d: EnterpriseFacts) {
      await sql`INSERT INTO enterprises (enterprise_id, company_name, credit_code, district, city, certified)
                VALUES (${d.enterpriseId}, ${d.companyName}, ${d.creditCode}, ${d.district}, ${d.city}, true)
                ON CONFLICT (enterprise_id) DO UPDATE SET company_name = EXCLUDED.company_name,
                  credit_code = EXCLUDED.credit_code, district = EXCLUDED.district, city = EXCLUDED.city,
                  certified = true`.execute(db);
    },

    /** CAT-2: the enterprise's live orders of the product in the programme year (migration 004's count). */
    async placedThisYear(enterpriseId: string, productId: string, year: number): Promise<number> {
      return (
        (
          await sql<{ placed: number }>`SELECT placed FROM annual_purchases
            WHERE enterprise_id = ${enterpriseId} AND product_id = ${productId} AND year = ${year}`.execute(db)
        ).rows[0]?.placed ?? 0
      );
    },

    /** ORD-1: whether the enterprise is certified, as the projection says. */
    async isCertified(enterpriseId: string): Promise<boolean> {
      return (
        (
          await sql<{
            certified: boolean;
          }>`SELECT certified FROM enterprises WHERE enterprise_id = ${enterpriseId}`.execute(db)
        ).rows[0]?.certified ?? false
      );
    },

    async revoked(enterpriseId: string) {
      await sql`UPDATE enterprises SET certified = false WHERE enterprise_id = ${enterpriseId}`.execute(db);
    },
  };
}
