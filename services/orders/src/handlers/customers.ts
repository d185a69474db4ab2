import { AppError, orders } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { customerStore } from '../store/customers.ts';
import { toOrderSummary } from '../store/orders.ts';
import type { OrdersDeps } from './deps.ts';
import { providerParty } from './order-transition.ts';

/** ORD-8 (seed 001 §5): the provider's customers, found by voucher number, company, district or order state. */
export function registerCustomers(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.customers, async ({ voucherNo, company, district, state, page, pageSize }, ctx) => {
    const { providerId } = providerParty(ctx, 'customers');
    const { rows, total } = await customerStore(deps.db).page(
      providerId,
      { voucherNo, company, district, state },
      page,
      pageSize,
    );
    return {
      items: rows.map((r) => ({
        enterpriseId: r.enterprise_id,
        companyName: r.company_name,
        district: r.district,
        orders: r.orders,
        lastOrderAt: r.last.toISOString(),
      })),
      total,
      page,
      pageSize,
    };
  });

  bus.handle(orders.customer, async ({ enterpriseId }, ctx) => {
    const { providerId } = providerParty(ctx, 'customers');
    const customers = customerStore(deps.db);
    const purchases = await customers.purchases(providerId, enterpriseId);
    // only a customer of this provider is shown (API.md: someone else's is not found)
    if (purchases.length === 0) throw new AppError('NOT_FOUND', 'no such customer');
    const [company, records] = await Promise.all([
      customers.company(enterpriseId),
      customers.serviceRecords(purchases.map((p) => p.id)),
    ]);
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
