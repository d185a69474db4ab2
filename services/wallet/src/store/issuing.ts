import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely } from 'kysely';
import type { CategoryView } from '@voucher/contracts';
import type { DB as WalletDb } from './db.ts';

interface CategoryRow {
  code: string;
  name: string;
  face_value: number;
  validity_days: number | null;
  valid_until: string | null;
  redemption_mode: 'single_use' | 'balance';
}

/** One voucher to issue: the win it comes of (its id), its number, its holder. */
interface VoucherToIssue {
  winId: string;
  number: number;
  enterpriseId: string;
}

/** LOT-8: the categories the lottery tells of, and the vouchers its wins become, each with its `+` entry (WAL-3). */
export function issuingStore(db: Kysely<WalletDb>) {
  return {
    async rememberCategory(c: CategoryView): Promise<void> {
      await sql`INSERT INTO categories (code, name, face_value, validity_days, valid_until, redemption_mode)
                VALUES (${c.code}, ${c.name}, ${c.faceValue}, ${c.validityDays}, ${c.validUntil}, ${c.redemptionMode})
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, validity_days = EXCLUDED.validity_days,
                  valid_until = EXCLUDED.valid_until, redemption_mode = EXCLUDED.redemption_mode`.execute(db);
    },

    async category(code: string): Promise<CategoryRow | undefined> {
      return (
        await sql<CategoryRow>`SELECT code, name, face_value, validity_days,
                                      to_char(valid_until, 'YYYY-MM-DD') AS valid_until, redemption_mode
                               FROM categories WHERE code = ${code}`.execute(db)
      ).rows[0];
    },

    /** which of these wins already have their voucher (its id is the win's) */
    async issuedOf(winIds: readonly string[]): Promise<Set<string>> {
      return new Set(
        (
          await sql<{ id: string }>`SELECT id FROM vouchers WHERE id = ANY(${[...winIds]}::uuid[])`.execute(db)
        ).rows.map((r) => r.id),
      );
    },

    /** the vouchers, available from `visibleFrom`, and their issue entries: two statements for a whole chunk */
    async issue(
      vouchers: readonly VoucherToIssue[],
      of: {
        category: CategoryRow;
        source: string;
        batchId: string | null | undefined;
        campaignId: string | null | undefined;
        visibleFrom: Date;
        expiresAt: Date;
        city: string;
        note: string;
      },
    ): Promise<void> {
      const { category } = of;
      await sql`
        INSERT INTO vouchers (id, number, enterprise_id, category_code, face_value, balance, state, redemption_mode,
                              source_kind, batch_id, campaign_id, issued_at, visible_from, expires_at, city)
        SELECT w.id, w.number, w.enterprise_id, ${category.code}, ${category.face_value}, ${category.face_value},
               'available', ${category.redemption_mode}, ${of.source}, ${of.batchId}, ${of.campaignId}, now(),
               ${of.visibleFrom}, ${of.expiresAt}, ${of.city}
        FROM unnest(${vouchers.map((v) => v.winId)}::uuid[], ${vouchers.map((v) => v.number)}::bigint[],
                    ${vouchers.map((v) => v.enterpriseId)}::uuid[]) AS w(id, number, enterprise_id)`.execute(db);
      await sql`
        INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, note, at)
        SELECT l.id, l.voucher_id, l.enterprise_id, 'issue', ${category.face_value}, ${category.face_value},
               ${of.note}, ${of.visibleFrom}
        FROM unnest(${vouchers.map(() => uuidv7())}::uuid[], ${vouchers.map((v) => v.winId)}::uuid[],
                    ${vouchers.map((v) => v.enterpriseId)}::uuid[]) AS l(id, voucher_id, enterprise_id)`.execute(db);
    },
  };
}
