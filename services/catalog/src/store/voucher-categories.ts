import { sql, type Kysely } from 'kysely';
import type { DB as CatalogDb } from './db.ts';

/** The programme's voucher categories, as the lottery tells of them (LOT-1): what voucher terms may accept. */
export function voucherCategoryStore(db: Kysely<CatalogDb>) {
  return {
    async record(code: string, name: string): Promise<void> {
      await sql`INSERT INTO voucher_categories (code, name) VALUES (${code}, ${name})
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`.execute(db);
    },

    /** the codes of `codes` the programme has no category of */
    async unknown(codes: readonly string[]): Promise<string[]> {
      if (codes.length === 0) return [];
      const known = (
        await sql<{
          code: string;
        }>`SELECT code FROM voucher_categories WHERE code = ANY(${[...codes]}::text[])`.execute(db)
      ).rows.map((r) => r.code);
      return codes.filter((c) => !known.includes(c));
    },
  };
}
