import { sql, type Kysely } from 'kysely';
import type { CategoryRow } from './views.ts';
import type { DB as LotteryDb } from './db.ts';

const CATEGORY_COLUMNS = sql`code, name, face_value, validity_days, to_char(valid_until, 'YYYY-MM-DD') AS valid_until,
  redemption_mode, annual_limit`;

/** LOT-1: the programme's voucher categories. */
export function categoryStore(db: Kysely<LotteryDb>) {
  return {
    /** the new category, or undefined when its code exists */
    async create(c: {
      code: string;
      name: string;
      faceValue: number;
      validityDays?: number | undefined;
      validUntil?: string | undefined;
      redemptionMode: CategoryRow['redemption_mode'];
      annualLimit: number;
    }): Promise<CategoryRow | undefined> {
      return (
        await sql<CategoryRow>`INSERT INTO categories (code, name, face_value, validity_days, valid_until, redemption_mode,
            annual_limit)
          VALUES (${c.code}, ${c.name}, ${c.faceValue}, ${c.validityDays ?? null}, ${c.validUntil ?? null},
                  ${c.redemptionMode}, ${c.annualLimit})
          ON CONFLICT (code) DO NOTHING
          RETURNING ${CATEGORY_COLUMNS}`.execute(db)
      ).rows[0];
    },

    /** the category as changed (what is not given stays), or undefined when there is none of `code` */
    async update(
      code: string,
      change: { name?: string | undefined; annualLimit?: number | undefined },
    ): Promise<CategoryRow | undefined> {
      return (
        await sql<CategoryRow>`UPDATE categories SET name = coalesce(${change.name ?? null}, name),
            annual_limit = coalesce(${change.annualLimit ?? null}::int, annual_limit), updated_at = now()
          WHERE code = ${code}
          RETURNING ${CATEGORY_COLUMNS}`.execute(db)
      ).rows[0];
    },
  };
}
