import { containing } from '@voucher/db';
import { sql } from 'kysely';
import { AppError, orders } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { SELECT_ORDER, toOrderSummary, type OrderRow } from '../store/orders.ts';
import type { OrdersDeps } from './deps.ts';
import { providerParty } from './order-transition.ts';

/** ORD-8 (seed 001 §5): the provider's customers, found by voucher number, company, district or order state. */
export function registerCustomers(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.customers, async ({ voucherNo, company, district, state, page, pageSize }, ctx) => {
    const { providerId } = providerParty(ctx, 'customers');
    const filter = sql.join(
      [
        sql`o.provider_id = ${providerId}`,
        ...(state ? [sql`o.state = ${state}`] : []),
        ...(voucherNo
          ? [sql`EXISTS (SELECT 1 FROM order_vouchers v WHERE v.order_id = o.id AND v.voucher_number = ${voucherNo})`]
          : []),
        ...(company ? [sql`e.company_name ILIKE ${containing(company)}`] : []),
        ...(district ? [sql`e.district = ${district}`] : []),
      ],
      sql` AND `,
    );
    const [rows, total] = await Promise.all([
      sql<{ enterprise_id: string; company_name: string | null; district: string | null; orders: number; last: Date }>`
        SELECT o.enterprise_id, e.company_name, e.district, count(*)::int AS orders, max(o.created_at) AS last
        FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id
        WHERE ${filter} GROUP BY o.enterprise_id, e.company_name, e.district
        ORDER BY last DESC, o.enterprise_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(deps.db),
      sql<{ n: number }>`SELECT count(DISTINCT o.enterprise_id)::int AS n
        FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id WHERE ${filter}`.execute(deps.db),
    ]);
    return {
      items: rows.rows.map((r) => ({
        enterpriseId: r.enterprise_id,
        companyName: r.company_name,
        district: r.district,
        orders: r.orders,
        lastOrderAt: r.last.toISOString(),
      })),
      total: total.rows[0]!.n,
      page,
      pageSize,
    };
  });

  bus.handle(orders.customer, async ({ enterpriseId }, ctx) => {
    const { providerId } = providerParty(ctx, 'customers');
    const purchases = (
      await sql<OrderRow>`${SELECT_ORDER} WHERE o.provider_id = ${providerId} AND o.enterprise_id = ${enterpriseId} ORDER BY o.created_at DESC, o.id`.execute(
        deps.db,
      )
    ).rows;
    // only a customer of this provider is shown (API.md: someone else's is not found)
    if (purchases.length === 0) throw new AppError('NOT_FOUND', 'no such customer');
    const company = (
      await sql<{ company_name: string; credit_code: string | null; district: string | null; city: string | null }>`
        SELECT company_name, credit_code, district, city FROM enterprises WHERE enterprise_id = ${enterpriseId}`.execute(
        deps.db,
      )
    ).rows[0];
    const records = (
      await sql<{
        id: string;
        order_id: string;
        date: string;
        engineer: string;
        description: string;
        remark: string | null;
      }>`
        SELECT id, order_id, to_char(date, 'YYYY-MM-DD') AS date, engineer, description, remark FROM service_records
        WHERE order_id = ANY(${purchases.map((p) => p.id)}::uuid[]) ORDER BY created_at, id`.execute(deps.db)
    ).rows;
    return {
      enterpriseId,
      companyName: company?.company_name ?? null,
      district: company?.district ?? null,
      creditCode: company?.credit_code ?? null,
      city: company?.city ?? null,
      orders: purchases.length,
      lastOrderAt: purchases[0]!.created_at.toISOString(),
      purchases: purchases.map((p) => ({
        ...toOrderSummary(p),
        serviceRecords: records
          .filter((r) => r.order_id === p.id)
          .map((r) => ({
            id: r.id,
            date: r.date,
            engineer: r.engineer,
            description: r.description,
            ...(r.remark !== null ? { remark: r.remark } : {}),
          })),
      })),
    };
  });
}
