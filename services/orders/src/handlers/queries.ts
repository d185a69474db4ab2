import { sql } from 'kysely';
import { AppError, orders, type Role } from '@voucher/contracts';
import type { Bus, HandlerContext } from '@voucher/bus';
import { actingProvider } from '@voucher/bus';
import { orderStore, SELECT_ORDER, toOrderSummary, type OrderRow } from '../store/orders.ts';
import type { OrdersDeps } from './deps.ts';
import { orderNotFound } from './order-transition.ts';

const reviewers: Role[] = ['operator', 'approver', 'finance', 'admin', 'district_officer'];

/** Whose orders a caller sees: an enterprise its own, a provider (or its staff) its own, reviewers all (read only). */
function scopeOf(ctx: HandlerContext): { column: 'enterprise_id' | 'provider_id' | null; id: string | null } {
  const caller = ctx.caller;
  if (!caller) throw new AppError('UNAUTHENTICATED', 'log in first');
  if (caller.role === 'enterprise') return { column: 'enterprise_id', id: caller.userId };
  if (caller.role === 'provider' || caller.role === 'provider_staff') {
    return { column: 'provider_id', id: actingProvider(ctx, 'orders').providerId };
  }
  if (reviewers.includes(caller.role)) return { column: null, id: null };
  throw new AppError('FORBIDDEN', 'not a party to orders');
}

export function registerOrderQueries(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.mine, async ({ state, page, pageSize }, ctx) => {
    const scope = scopeOf(ctx);
    const filter = sql.join(
      [
        sql`true`,
        ...(scope.column ? [sql`o.${sql.ref(scope.column)} = ${scope.id}`] : []),
        ...(state ? [sql`o.state = ${state}`] : []),
      ],
      sql` AND `,
    );
    const [rows, total] = await Promise.all([
      sql<OrderRow>`${SELECT_ORDER} WHERE ${filter} ORDER BY o.created_at DESC, o.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(
        deps.db,
      ),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM orders o WHERE ${filter}`.execute(deps.db),
    ]);
    return { items: rows.rows.map(toOrderSummary), total: total.rows[0]!.n, page, pageSize };
  });

  bus.handle(orders.get, async ({ id }, ctx) => {
    const scope = scopeOf(ctx);
    const store = orderStore(deps.db);
    const row = await store.find(id);
    if (!row) throw orderNotFound();
    if (scope.column === 'enterprise_id' && row.enterprise_id !== scope.id) throw orderNotFound();
    if (scope.column === 'provider_id' && row.provider_id !== scope.id) throw orderNotFound();
    if (ctx.caller?.role === 'district_officer') {
      // a district officer sees its own district's enterprises only (API.md 404)
      const d = (
        await sql<{
          district: string | null;
        }>`SELECT district FROM enterprises WHERE enterprise_id = ${row.enterprise_id}`.execute(deps.db)
      ).rows[0]?.district;
      if (d !== ctx.caller.district) throw orderNotFound();
    }
    return store.detail(row);
  });
}
