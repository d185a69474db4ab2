import type { Kysely } from 'kysely';
import { writeGroups } from '@voucher/kit';
import { orderStore, type OrderRow, type PaidRecord, type Placement } from './orders.ts';
import type { DB as OrdersDb } from './db.ts';

function inOrderOf(ids: string[], rows: OrderRow[]): (OrderRow | undefined)[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

/**
 * Placements, and the payments recorded on orders, arriving together go to
 * PostgreSQL as one statement each (a group intake): an order costs a share
 * of a round trip and of a commit instead of its own. Placements of one
 * enterprise's product in a year never share a group (their count is raised
 * once per statement, CAT-2); a group that fails is written again order by
 * order, so one order's fault is nobody else's.
 */
export function groupedOrderWrites(db: Kysely<OrdersDb>) {
  const store = orderStore(db);
  return {
    /** the order as placed, or undefined if ORD-1 or CAT-2 let nothing in */
    place: writeGroups(
      (p: Placement) => `${p.order.enterpriseId}:${p.order.productId}:${p.order.year}`,
      async (placements) =>
        inOrderOf(
          placements.map((p) => p.order.id),
          await store.placeMany(placements),
        ),
    ),
    /** the order as recorded, or undefined if it moved since the saga read it */
    markPaid: writeGroups(
      (r: PaidRecord) => r.before.id,
      async (records) =>
        inOrderOf(
          records.map((r) => r.before.id),
          await store.markPaidMany(records),
        ),
    ),
  };
}
export type GroupedOrderWrites = ReturnType<typeof groupedOrderWrites>;
