import { sql, type Kysely } from 'kysely';
import type { VoucherView } from '@voucher/contracts';
import type { StoredStanding } from '../domain/voucher-tabs.ts';
import type { DB as WalletDb } from './db.ts';

const LAPSED = sql<boolean>`(v.expires_at <= now())`;

/** WAL-1 and WAL-3: an enterprise's vouchers and bills, only what its publication has revealed (LOT-7). */
export function bagStore(db: Kysely<WalletDb>) {
  return {
    /** A page of the enterprise's vouchers in these standings (all: undefined), the latest revealed first, each row with the total. */
    async vouchers(
      enterpriseId: string,
      standings: readonly StoredStanding[] | undefined,
      page: number,
      pageSize: number,
    ) {
      const filter = standings
        ? sql`AND (${sql.join(
            standings.map((s) => sql`(v.state = ${s.state} AND ${LAPSED} = ${s.lapsed})`),
            sql` OR `,
          )})`
        : sql``;
      return (
        await sql<{
          id: string;
          number: string;
          category_code: string;
          name: string;
          face_value: number;
          balance: number;
          state: VoucherView['state'];
          lapsed: boolean;
          redemption_mode: VoucherView['redemptionMode'];
          issued_at: Date;
          visible_from: Date;
          expires_at: Date;
          source_kind: 'draw' | 'grab' | 'grant';
          batch_id: string | null;
          total: number;
        }>`
          SELECT v.id, v.number::text AS number, v.category_code, c.name, v.face_value, v.balance, v.state, ${LAPSED} AS lapsed,
                 v.redemption_mode, v.issued_at, v.visible_from, v.expires_at, v.source_kind, v.batch_id,
                 count(*) OVER ()::int AS total
          FROM vouchers v JOIN categories c ON c.code = v.category_code
          WHERE v.enterprise_id = ${enterpriseId} AND v.visible_from <= now() ${filter}
          ORDER BY v.visible_from DESC, v.number DESC
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db)
      ).rows;
    },

    /** A page of the enterprise's ledger entries, newest first, each row with the total. */
    async ledger(enterpriseId: string, page: number, pageSize: number) {
      return (
        await sql<{
          id: string;
          voucher_id: string;
          number: string;
          category_code: string;
          kind: 'issue';
          amount: number;
          balance_after: number;
          order_id: string | null;
          note: string;
          at: Date;
          expires_at: Date;
          total: number;
        }>`
          SELECT l.id, l.voucher_id, v.number::text AS number, v.category_code, l.kind, l.amount, l.balance_after,
                 l.order_id, l.note, l.at, v.expires_at, count(*) OVER ()::int AS total
          FROM ledger l JOIN vouchers v ON v.id = l.voucher_id
          WHERE l.enterprise_id = ${enterpriseId} AND v.visible_from <= now()
          ORDER BY l.at DESC, l.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db)
      ).rows;
    },
  };
}
