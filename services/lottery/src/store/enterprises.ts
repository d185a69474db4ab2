import { sql, type Kysely } from 'kysely';
import type { DB as LotteryDb } from './db.ts';

/**
 * What lottery keeps from qualification (QUA-9): company names to mask in
 * publications, whether an enterprise is certified, and whether it is
 * qualified with complete data for a year (LOT-3).
 */
export function enterpriseStore(db: Kysely<LotteryDb>) {
  return {
    async recordCompany(d: { enterpriseId: string; companyName: string; district: string }, certified: boolean) {
      await sql`INSERT INTO enterprises (enterprise_id, company_name, district, certified)
                VALUES (${d.enterpriseId}, ${d.companyName}, ${d.district}, ${certified})
                ON CONFLICT (enterprise_id) DO UPDATE SET company_name = EXCLUDED.company_name,
                  district = EXCLUDED.district, certified = EXCLUDED.certified`.execute(db);
    },

    async revokeCertification(enterpriseId: string): Promise<void> {
      await sql`UPDATE enterprises SET certified = false WHERE enterprise_id = ${enterpriseId}`.execute(db);
    },

    async approveQualification(d: { enterpriseId: string; year: number; complete: boolean }): Promise<void> {
      await sql`INSERT INTO qualifications (enterprise_id, year, approved, complete)
                VALUES (${d.enterpriseId}, ${d.year}, true, ${d.complete})
                ON CONFLICT (enterprise_id, year) DO UPDATE SET approved = true, complete = EXCLUDED.complete`.execute(
        db,
      );
    },

    /** of one year, or of every year when `year` is null */
    async revokeQualification(enterpriseId: string, year: number | null): Promise<void> {
      await sql`UPDATE qualifications SET approved = false WHERE enterprise_id = ${enterpriseId}
                AND (${year}::int IS NULL OR year = ${year})`.execute(db);
    },

    /** LOT-3: every enterprise qualified for `year` with complete data */
    async qualifiedIn(year: number): Promise<string[]> {
      // one text of ids, split here (as a batch's results): a million come back as a few big strings
      const all = (
        await sql<{ ids: string | null }>`
          SELECT string_agg(enterprise_id::text, ',') AS ids FROM qualifications
          WHERE year = ${year} AND approved AND complete`.execute(db)
      ).rows[0]?.ids;
      return all ? all.split(',') : [];
    },
  };
}
export type EnterpriseStore = ReturnType<typeof enterpriseStore>;
