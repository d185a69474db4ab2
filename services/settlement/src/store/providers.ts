import { sql, type Kysely } from 'kysely';
import type { DB as SettlementDb } from './db.ts';

/** QUA-9: the providers qualification certifies, by name; a bank account is in that name (SET-1). */
export function providerStore(db: Kysely<SettlementDb>) {
  return {
    /** certified, under the name of the latest facts */
    async certify(p: { providerId: string; companyName: string }): Promise<void> {
      await sql`INSERT INTO providers (provider_id, company_name, certified) VALUES (${p.providerId}, ${p.companyName}, true)
                ON CONFLICT (provider_id) DO UPDATE SET company_name = EXCLUDED.company_name, certified = true`.execute(
        db,
      );
    },

    async revoke(providerId: string): Promise<void> {
      await sql`UPDATE providers SET certified = false WHERE provider_id = ${providerId}`.execute(db);
    },

    /** its name and whether it is certified now */
    async find(providerId: string): Promise<{ companyName: string; certified: boolean } | undefined> {
      const row = (
        await sql<{ company_name: string; certified: boolean }>`SELECT company_name, certified FROM providers
          WHERE provider_id = ${providerId}`.execute(db)
      ).rows[0];
      return row && { companyName: row.company_name, certified: row.certified };
    },

    /** every provider's name, by its id */
    async names(): Promise<Map<string, string>> {
      return new Map(
        (
          await sql<{
            provider_id: string;
            company_name: string;
          }>`SELECT provider_id, company_name FROM providers`.execute(db)
        ).rows.map((r) => [r.provider_id, r.company_name]),
      );
    },
  };
}
