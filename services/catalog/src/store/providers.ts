import { sql, type Kysely } from 'kysely';
import { containing } from '@voucher/db';
import type { DB as CatalogDb } from './db.ts';

interface ProviderRow {
  provider_id: string;
  company_name: string;
  region: string | null;
  service_scopes: string[];
  listed_products: number;
}

function toProviderSummary(r: ProviderRow) {
  return {
    id: r.provider_id,
    name: r.company_name,
    region: r.region,
    serviceScopes: r.service_scopes,
    listedProducts: r.listed_products,
  };
}

const SELECT_PROVIDER = sql`SELECT p.*,
  (SELECT count(*)::int FROM listings l WHERE l.provider_id = p.provider_id) AS listed_products FROM providers p`;

/** The providers qualification certifies (QUA-9), as the catalog shows them. */
export function providerStore(db: Kysely<CatalogDb>) {
  return {
    /** certified, with the name, region and scopes of the latest facts */
    async certify(p: { providerId: string; companyName: string; region: string | null; serviceScopes: string[] }) {
      await sql`INSERT INTO providers (provider_id, company_name, region, service_scopes, certified)
                VALUES (${p.providerId}, ${p.companyName}, ${p.region}, ${p.serviceScopes}::text[], true)
                ON CONFLICT (provider_id) DO UPDATE SET company_name = EXCLUDED.company_name, region = EXCLUDED.region,
                  service_scopes = EXCLUDED.service_scopes, certified = true`.execute(db);
    },

    async revoke(providerId: string): Promise<void> {
      await sql`UPDATE providers SET certified = false WHERE provider_id = ${providerId}`.execute(db);
    },

    /** seed 000 §2: one page of the certified providers, by name, with how many listings each has */
    async pageOfCertified(f: { q?: string | undefined; region?: string | undefined; page: number; pageSize: number }) {
      const filter = sql.join(
        [
          sql`p.certified`,
          ...(f.q ? [sql`p.company_name ILIKE ${containing(f.q)}`] : []),
          ...(f.region ? [sql`p.region = ${f.region}`] : []),
        ],
        sql` AND `,
      );
      const [rows, total] = await Promise.all([
        sql<ProviderRow>`${SELECT_PROVIDER} WHERE ${filter} ORDER BY p.company_name, p.provider_id
          LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM providers p WHERE ${filter}`.execute(db),
      ]);
      return { items: rows.rows.map(toProviderSummary), total: total.rows[0]!.n };
    },

    async findCertified(providerId: string) {
      const row = (
        await sql<ProviderRow>`${SELECT_PROVIDER} WHERE p.provider_id = ${providerId} AND p.certified`.execute(db)
      ).rows[0];
      return row && toProviderSummary(row);
    },

    async regionOf(providerId: string): Promise<string | null> {
      return (
        (
          await sql<{ region: string | null }>`SELECT region FROM providers WHERE provider_id = ${providerId}`.execute(
            db,
          )
        ).rows[0]?.region ?? null
      );
    },
  };
}
