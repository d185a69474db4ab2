import { sql, type Kysely } from 'kysely';
import { containing } from '@voucher/db';
import type { OrderState } from '@voucher/contracts';
import { SELECT_ORDER, type OrderRow } from './orders.ts';
import type { DB as OrdersDb } from './db.ts';

/** How a provider looks for its customers (ORD-8): any of them, together. */
export interface CustomerFilter {
  voucherNo?: string;
  company?: string;
  district?: string;
  state?: OrderState;
}

/** The provider's customers (ORD-8, seed 001 §5), read from its orders and the enterprises' projection. */
export function customerStore(db: Kysely<OrdersDb>) {
  return {
    /** A page of the enterprises that ordered from the provider, the latest buyer first, with the total. */
    async page(providerId: string, f: CustomerFilter, page: number, pageSize: number) {
      const filter = sql.join(
        [
          sql`o.provider_id = ${providerId}`,
          ...(f.state ? [sql`o.state = ${f.state}`] : []),
          ...(f.voucherNo
            ? [
                sql`EXISTS (SELECT 1 FROM order_vouchers v WHERE v.order_id = o.id AND v.voucher_number = ${f.voucherNo})`,
              ]
            : []),
          ...(f.company ? [sql`e.company_name ILIKE ${containing(f.company)}`] : []),
          ...(f.district ? [sql`e.district = ${f.district}`] : []),
        ],
        sql` AND `,
      );
      const [rows, total] = await Promise.all([
        sql<{
          enterprise_id: string;
          company_name: string | null;
          district: string | null;
          orders: number;
          last: Date;
        }>`
          SELECT o.enterprise_id, e.company_name, e.district, count(*)::int AS orders, max(o.created_at) AS last
          FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id
          WHERE ${filter} GROUP BY o.enterprise_id, e.company_name, e.district
          ORDER BY last DESC, o.enterprise_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(DISTINCT o.enterprise_id)::int AS n
          FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id WHERE ${filter}`.execute(db),
      ]);
      return { rows: rows.rows, total: total.rows[0]!.n };
    },

    /** The enterprise's orders from this provider, newest first: none if it is not the provider's customer. */
    async purchases(providerId: string, enterpriseId: string): Promise<OrderRow[]> {
      return (
        await sql<OrderRow>`${SELECT_ORDER} WHERE o.provider_id = ${providerId} AND o.enterprise_id = ${enterpriseId}
          ORDER BY o.created_at DESC, o.id`.execute(db)
      ).rows;
    },

    async company(enterpriseId: string) {
      return (
        await sql<{ company_name: string; credit_code: string | null; district: string | null; city: string | null }>`
          SELECT company_name, credit_code, district, city FROM enterprises WHERE enterprise_id = ${enterpriseId}`.execute(
          db,
        )
      ).rows[0];
    },

    /** The service records of these orders (ORD-6), in the order they were written. */
    async serviceRecords(orderIds: readonly string[]) {
      return (
        await sql<{
          id: string;
          order_id: string;
          date: string;
          engineer: string;
          description: string;
          remark: string | null;
        }>`
          SELECT id, order_id, to_char(date, 'YYYY-MM-DD') AS date, engineer, description, remark FROM service_records
          WHERE order_id = ANY(${[...orderIds]}::uuid[]) ORDER BY created_at, id`.execute(db)
      ).rows;
    },
  };
}
