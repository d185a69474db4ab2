import { AppError, wallet } from '@voucher/contracts';
import { requireCaller, requireRole } from '@voucher/bus';
import { movesToTell } from '../domain/reminders.ts';
import { fencePayment, lockPayment, paymentView, reclaimVouchers, returnDeduction } from '../store/payments.ts';
import { appendRefundMoves } from '../store/voucher-moves.ts';
import { paymentIntake } from './payment-intake.ts';
import type { WalletMetrics } from '../metrics.ts';
import type { WalletDeps } from './deps.ts';

export function registerPaymentHandlers(deps: WalletDeps): void {
  const { bus, db } = deps;
  // WAL-4: pay, in groups (payment-intake.ts); its compensation, refund, follows below
  const intake = paymentIntake(deps);
  bus.handle(wallet.pay, async (req, ctx) => intake.submit({ req, payer: requireRole(ctx, 'enterprise') }));

  // the saga's fence: whatever pay did or will do for this order is settled by this one row
  bus.handle(wallet.settlePaymentAttempt, async ({ orderId, enterpriseId, providerId }, ctx) => {
    requireRole(ctx, 'scheduler');
    await fencePayment(db, orderId, enterpriseId, providerId);
    return (await paymentView(db, orderId))!.view;
  });

  // WAL-5: the deducted amounts come back once; a voucher past its validity comes back expired
  bus.handle(wallet.refund, async ({ orderId }, ctx) => {
    const caller = requireCaller(ctx);
    let refundedNow = false;
    const view = await db.transaction().execute(async (trx) => {
      const p = await lockPayment(trx, orderId);
      const allowed = p && (p.enterpriseId === caller.userId || caller.role === 'admin' || caller.role === 'scheduler');
      if (!p || !allowed) throw new AppError('NOT_FOUND', 'no payment for this order');
      if (p.state === 'paid') {
        refundedNow = true;
        const moves = await returnDeduction(trx, orderId, p.enterpriseId);
        // issue 18 item 3: a reminded voucher back in `available` before its expiry is to be used again (WAL-5)
        const told = movesToTell(moves).map((m) => ({ ...m, cause: 'refund' as const }));
        await appendRefundMoves(trx, told, orderId, ctx.requestId);
      }
      return (await paymentView(trx, orderId))!.view;
    });
    if (refundedNow) countRefund(deps.metrics, view.total);
    return view;
  });

  // ORD-5: an order without its contract in time: the deduction comes back, then the vouchers go
  bus.handle(wallet.reclaimOrder, async ({ orderId }, ctx) => {
    requireRole(ctx, 'scheduler');
    let refundedNow = false;
    const view = await db.transaction().execute(async (trx) => {
      const p = await lockPayment(trx, orderId);
      if (!p) throw new AppError('NOT_FOUND', 'no payment for this order');
      if (p.state !== 'paid') return (await paymentView(trx, orderId))!.view;
      refundedNow = true;
      const refunded = await returnDeduction(trx, orderId, p.enterpriseId);
      const ended = await reclaimVouchers(
        trx,
        refunded.map((m) => m.voucherId),
        p.enterpriseId,
        orderId,
      );
      // issue 18 item 3: told from the state before the order's refund to the end state, one move per voucher
      // (a refund and a reclaim at the same instant would leave the to-do's order to chance)
      const reclaimed = new Set(ended.map((v) => v.id));
      const told = movesToTell(
        refunded.map((m) =>
          reclaimed.has(m.voucherId)
            ? { ...m, to: 'reclaimed' as const, cause: 'reclaim' as const }
            : { ...m, cause: 'refund' as const },
        ),
      );
      await appendRefundMoves(trx, told, orderId, ctx.requestId);
      return (await paymentView(trx, orderId))!.view;
    });
    if (refundedNow) countRefund(deps.metrics, view.total);
    return view;
  });
}

/** Counted once committed: a refund the transaction rolled back gave nothing back. */
function countRefund(metrics: WalletMetrics, fen: number): void {
  metrics.refunds.inc();
  metrics.refundsFen.inc(fen);
}
