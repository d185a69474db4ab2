import { sql, type Kysely } from 'kysely';
import type { DataOf, orderEvents } from '@voucher/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { DB as SettlementDb } from './db.ts';

export interface LineRow {
  id: string;
  order_id: string;
  order_no: string;
  voucher_number: string;
  category: string;
  enterprise_name: string;
  amount: string;
  completed_at: Date;
}

export const toLine = (l: LineRow) => ({
  id: l.id,
  orderId: l.order_id,
  orderNo: l.order_no,
  voucherNumber: l.voucher_number,
  category: l.category,
  enterpriseName: l.enterprise_name,
  amount: Number(l.amount),
  completedAt: l.completed_at.toISOString(),
});

/** SET-2: the voucher payments of completed orders, each one line a provider may redeem. */
export function paymentLineStore(db: Kysely<SettlementDb>) {
  return {
    /** one line per voucher payment of the order; a redelivered event changes nothing */
    async record(d: DataOf<typeof orderEvents.completed>): Promise<void> {
      for (const p of d.payments) {
        await sql`INSERT INTO payment_lines (id, provider_id, order_id, order_no, voucher_id, voucher_number, category,
                    enterprise_id, enterprise_name, district, city, amount, completed_at)
                  VALUES (${uuidv7()}, ${d.providerId}, ${d.orderId}, ${d.orderNo}, ${p.voucherId}, ${p.voucherNumber},
                    ${p.category}, ${d.enterpriseId}, ${d.enterpriseName}, ${d.district}, ${d.city}, ${p.amount}, ${d.at})
                  ON CONFLICT (order_id, voucher_id) DO NOTHING`.execute(db);
      }
    },

    /** one page of the provider's lines not in an open application, the latest first */
    async pageOfRedeemable(providerId: string, page: number, pageSize: number) {
      const open = sql`NOT EXISTS (SELECT 1 FROM application_lines a WHERE a.line_id = l.id AND a.open)`;
      const [rows, total] = await Promise.all([
        sql<LineRow>`SELECT l.* FROM payment_lines l WHERE l.provider_id = ${providerId} AND ${open}
          ORDER BY l.completed_at DESC, l.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM payment_lines l WHERE l.provider_id = ${providerId} AND ${open}`.execute(db),
      ]);
      return { items: rows.rows.map(toLine), total: total.rows[0]!.n };
    },

    /** which of these lines are the provider's, with their amounts */
    async ofProvider(providerId: string, ids: string[]): Promise<{ id: string; amount: number }[]> {
      return (
        await sql<{ id: string; amount: string }>`SELECT id, amount FROM payment_lines
          WHERE id = ANY(${ids}::uuid[]) AND provider_id = ${providerId}`.execute(db)
      ).rows.map((l) => ({ id: l.id, amount: Number(l.amount) }));
    },
  };
}
