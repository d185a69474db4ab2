import { orderStore } from '../store/orders.ts';
import { orders } from '@voucher/contracts';
import { assertAttachments, type Bus } from '@voucher/bus';
import type { OrdersDeps } from './deps.ts';
import { announceEvaluation, enterpriseParty, providerParty } from './order-transition.ts';
import { applyOrderAction } from './order-action.ts';

/** ORD-2..7: each party's actions on an order, decided by `decideOrder` under the order's lock. */
export function registerOrderFlow(bus: Bus, deps: OrdersDeps): void {
  // ORD-3: up to 3 transfer receipts when cash is due
  bus.handle(orders.addReceipts, async ({ id, fileIds }, ctx) => {
    const party = enterpriseParty(ctx);
    const unique = [...new Set(fileIds)];
    await assertAttachments(
      deps.bus,
      ctx,
      [party.caller.userId],
      unique.map((fileId, i) => ({ field: `fileIds.${i}`, fileId, purposes: ['payment_receipt'] })),
    );
    return applyOrderAction(deps, ctx, {
      orderId: id,
      party,
      action: { kind: 'receipts_added', count: unique.length },
      write: async (trx, row) => {
        for (const fileId of unique) await orderStore(trx).addReceipt(row.id, fileId);
      },
    });
  });

  // the provider confirms the offline payment, if any, by accepting
  bus.handle(orders.accept, ({ id }, ctx) =>
    applyOrderAction(deps, ctx, { orderId: id, party: providerParty(ctx), action: { kind: 'accept' } }),
  );
  bus.handle(orders.decline, ({ id, reason }, ctx) =>
    applyOrderAction(deps, ctx, { orderId: id, party: providerParty(ctx), action: { kind: 'decline' }, reason }),
  );
  bus.handle(orders.cancel, ({ id }, ctx) =>
    applyOrderAction(deps, ctx, {
      orderId: id,
      party: enterpriseParty(ctx),
      action: { kind: 'cancel' },
      reason: 'cancelled by the enterprise',
    }),
  );
  // ORD-4: once per enterprise per programme year
  bus.handle(orders.withdrawVouchers, ({ id }, ctx) =>
    applyOrderAction(deps, ctx, {
      orderId: id,
      party: enterpriseParty(ctx),
      action: { kind: 'withdraw_vouchers' },
      reason: 'vouchers withdrawn by the enterprise',
    }),
  );

  // ORD-5
  bus.handle(orders.uploadContract, async ({ id, fileId }, ctx) => {
    const party = enterpriseParty(ctx);
    await assertAttachments(
      deps.bus,
      ctx,
      [party.caller.userId],
      [{ field: 'fileId', fileId, purposes: ['contract'] }],
    );
    return applyOrderAction(deps, ctx, {
      orderId: id,
      party,
      action: { kind: 'contract_uploaded' },
      write: async (trx, row) => {
        await orderStore(trx).setContract(row.id, fileId);
      },
    });
  });

  // ORD-7
  bus.handle(orders.deliver, ({ id }, ctx) =>
    applyOrderAction(deps, ctx, { orderId: id, party: providerParty(ctx), action: { kind: 'deliver' } }),
  );
  bus.handle(orders.complete, ({ id, completed, note }, ctx) =>
    applyOrderAction(deps, ctx, {
      orderId: id,
      party: enterpriseParty(ctx),
      action: { kind: 'complete', completed },
      ...(note ? { reason: note } : completed ? {} : { reason: 'not completed' }),
    }),
  );
  bus.handle(orders.evaluate, ({ id, rating, text, platformStars, platformText }, ctx) => {
    const party = enterpriseParty(ctx);
    return applyOrderAction(deps, ctx, {
      orderId: id,
      party,
      action: { kind: 'evaluate' },
      write: async (trx, row) => {
        await orderStore(trx).addEvaluation(row.id, { rating, text, platformStars, platformText, auto: false });
        await announceEvaluation(trx, row, { rating, text, auto: false }, ctx);
      },
    });
  });
}
