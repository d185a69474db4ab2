import { sql, type Kysely } from 'kysely';
import type { ClaimedOrder } from '../domain/general-claim.ts';
import type { DB as SettlementDb } from './db.ts';

/** What settlement keeps of orders (SET-5): their number, parties and whether they were cancelled, from orders' events. */
export async function recordOrder(
  trx: Kysely<SettlementDb>,
  o: { orderId: string; orderNo: string; enterpriseId: string; providerId: string; cancelled: boolean },
): Promise<void> {
  // a cancellation may be read before the placement: it is kept whatever comes after
  await sql`INSERT INTO orders (order_id, order_no, enterprise_id, provider_id, cancelled)
            VALUES (${o.orderId}, ${o.orderNo}, ${o.enterpriseId}, ${o.providerId}, ${o.cancelled})
            ON CONFLICT (order_id) DO UPDATE SET cancelled = orders.cancelled OR EXCLUDED.cancelled`.execute(trx);
}

/** QUA-9: an enterprise's certified name, as qualification last announced it. */
export async function recordEnterpriseName(
  trx: Kysely<SettlementDb>,
  e: { enterpriseId: string; companyName: string },
): Promise<void> {
  await sql`INSERT INTO enterprises (enterprise_id, company_name) VALUES (${e.enterpriseId}, ${e.companyName})
            ON CONFLICT (enterprise_id) DO UPDATE SET company_name = EXCLUDED.company_name`.execute(trx);
}

/** The order of this number with its enterprise's name, as a general-voucher claim is judged on it. */
export async function findClaimedOrder(
  db: Kysely<SettlementDb>,
  orderNo: string,
): Promise<(ClaimedOrder & { orderId: string }) | undefined> {
  const row = (
    await sql<{ order_id: string; provider_id: string; cancelled: boolean; company_name: string | null }>`
      SELECT o.order_id, o.provider_id, o.cancelled, e.company_name
      FROM orders o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id
      WHERE o.order_no = ${orderNo}`.execute(db)
  ).rows[0];
  return (
    row && {
      orderId: row.order_id,
      providerId: row.provider_id,
      cancelled: row.cancelled,
      enterpriseName: row.company_name,
    }
  );
}
