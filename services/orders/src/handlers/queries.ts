import { AppError, fileAccessCommand, fileReferencesCommand, orders, type Role } from '@voucher/contracts';
import { actingProvider, requireCaller, type Bus, type HandlerContext } from '@voucher/bus';
import { inReadScope, type ReadScope } from '../domain/read-scope.ts';
import { orderStore, scopedOrderOf, toOrderSummary } from '../store/orders.ts';
import type { OrdersDeps } from './deps.ts';
import { orderNotFound } from './order-transition.ts';

const reviewersOfAll: Role[] = ['operator', 'approver', 'finance', 'admin'];

/** The caller's read scope (DOMAIN §1); a role that is no party to orders is refused. */
function readScopeOf(ctx: HandlerContext): ReadScope {
  const caller = requireCaller(ctx);
  if (caller.role === 'enterprise') return { kind: 'enterprise', enterpriseId: caller.userId };
  if (caller.role === 'provider' || caller.role === 'provider_staff') {
    return { kind: 'provider', providerId: actingProvider(ctx, 'orders').providerId };
  }
  if (caller.role === 'district_officer') return { kind: 'district', district: caller.district ?? null };
  if (reviewersOfAll.includes(caller.role)) return { kind: 'all' };
  throw new AppError('FORBIDDEN', 'not a party to orders');
}

export function registerOrderQueries(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.mine, async ({ state, page, pageSize }, ctx) => {
    const { rows, total } = await orderStore(deps.db).page(readScopeOf(ctx), state, page, pageSize);
    return { items: rows.map(toOrderSummary), total, page, pageSize };
  });

  // ORD-3, ORD-5: a receipt or a contract is read by whoever may read an order that cites it
  // (its enterprise uploaded it; its provider, and staff with the orders menu; reviewers in scope)
  bus.handle(fileAccessCommand('orders'), async ({ fileId }, ctx) => {
    let scope: ReadScope;
    try {
      scope = readScopeOf(ctx);
    } catch (err) {
      if (err instanceof AppError) return { allowed: false };
      throw err;
    }
    const citing = await orderStore(deps.db).citing(fileId);
    return { allowed: citing.some((row) => inReadScope(scope, scopedOrderOf(row))) };
  });

  // the gateway's clean-up: which uploads an order cites
  // only the gateway's clean-up sends it (its `from`, A7): it learns which of its own uploads are cited, nothing more
  bus.handle(fileReferencesCommand('orders'), async ({ fileIds }) => {
    return { referenced: await orderStore(deps.db).cited(fileIds) };
  });

  bus.handle(orders.get, async ({ id }, ctx) => {
    const scope = readScopeOf(ctx);
    const store = orderStore(deps.db);
    const row = await store.find(id);
    // someone else's order, another district's included, is not there (API.md 404)
    if (!row || !inReadScope(scope, scopedOrderOf(row))) throw orderNotFound();
    return store.detail(row);
  });
}
