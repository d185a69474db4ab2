import { sql, type Kysely } from 'kysely';

/** What orders keeps of a certified enterprise (QUA-9): who may order (ORD-1), what customer lists show (ORD-8). */
export interface EnterpriseFacts {
  enterpriseId: string;
  companyName: string;
  creditCode: string;
  district: string;
  city: string;
}

/** The projection of qualification's enterprises, written by its consumers. */
export function enterpriseStore(db: Kysely<any>) {
  return {
    async certified(d: EnterpriseFacts) {
      await sql`INSERT INTO enterprises (enterprise_id, company_name, credit_code, district, city, certified)
                VALUES (${d.enterpriseId}, ${d.companyName}, ${d.creditCode}, ${d.district}, ${d.city}, true)
                ON CONFLICT (enterprise_id) DO UPDATE SET company_name = EXCLUDED.company_name,
                  credit_code = EXCLUDED.credit_code, district = EXCLUDED.district, city = EXCLUDED.city,
                  certified = true`.execute(db);
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
