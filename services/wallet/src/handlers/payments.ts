import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, wallet, type Caller } from '@voucher/contracts';
import { requireCaller, requireRole, type HandlerContext } from '@voucher/bus';
import { movesToTell } from '../domain/reminders.ts';
import { paymentView, returnDeduction } from '../store/payments.ts';
import { appendRefundMoves } from '../store/voucher-moves.ts';
import { paymentIntake } from './payment-intake.ts';
import type { WalletMetrics } from '../metrics.ts';
import type { WalletDeps } from './deps.ts';

/** WAL-4: vouchers are spent by their enterprise alone. */
const payerOf = (ctx: HandlerContext): Caller => requireRole(ctx, 'enterprise');

export function registerPaymentHandlers(deps: WalletDeps): void {
  const { bus, db } = deps;
  // WAL-4: pay, in groups (payment-intake.ts); its compensation, refund, follows below
  const intake = paymentIntake(deps);
  bus.handle(wallet.pay, async (req, ctx) => intake.submit({ req, payer: payerOf(ctx) }));

  // the saga's fence: whatever pay did or will do for this order is settled by this one row
  bus.handle(wallet.settlePaymentAttempt, async ({ orderId, enterpriseId, providerId }, ctx) => {
    requireRole(ctx, 'scheduler');
    await sql`INSERT INTO payments (order_id, enterprise_id, provider_id, total, state)
              VALUES (${orderId}, ${enterpriseId}, ${providerId}, 0, 'void')
              ON CONFLICT (order_id) DO NOTHING`.execute(db);
    return (await paymentView(db, orderId))!.view;
  });

  // WAL-5: the deducted amounts come back once; a voucher past its validity comes back expired
  bus.handle(wallet.refund, async ({ orderId }, ctx) => {
    const caller = requireCaller(ctx);
    let refundedNow = false;
    const view = await db.transaction().execute(async (trx) => {
      const p = (
        await sql<{
          enterprise_id: string;
          state: string;
        }>`SELECT enterprise_id, state FROM payments WHERE order_id = ${orderId}
          FOR UPDATE`.execute(trx)
      ).rows[0];
      const allowed =
        p && (p.enterprise_id === caller.userId || caller.role === 'admin' || caller.role === 'scheduler');
      if (!p || !allowed) throw new AppError('NOT_FOUND', 'no payment for this order');
      if (p.state === 'paid') {
        refundedNow = true;
        const moves = await returnDeduction(trx, orderId, p.enterprise_id);
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
      const p = (
        await sql<{ enterprise_id: string; state: string }>`SELECT enterprise_id, state FROM payments
          WHERE order_id = ${orderId} FOR UPDATE`.execute(trx)
      ).rows[0];
      if (!p) throw new AppError('NOT_FOUND', 'no payment for this order');
      if (p.state !== 'paid') return (await paymentView(trx, orderId))!.view;
      refundedNow = true;
      const refunded = await returnDeduction(trx, orderId, p.enterprise_id);
      const ended = (
        await sql<{ id: string; balance: number }>`
          WITH held AS (SELECT id, balance FROM vouchers
                        WHERE id = ANY(${refunded.map((m) => m.voucherId)}::uuid[]) AND balance > 0 FOR UPDATE)
          UPDATE vouchers v SET state = 'reclaimed', balance = 0 FROM held WHERE v.id = held.id
          RETURNING v.id, held.balance`.execute(trx)
      ).rows;
      for (const v of ended) {
        await sql`INSERT INTO ledger (id, voucher_id, enterprise_id, kind, amount, balance_after, order_id, note)
                  VALUES (${uuidv7()}, ${v.id}, ${p.enterprise_id}, 'reclaim', ${-v.balance}, 0, ${orderId}, '未按期上传合同收回')`.execute(
          trx,
        );
      }
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
