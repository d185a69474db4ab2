import { AppError, isRefusal, orders, systemCaller } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { decideOrder } from '../domain/order-flow.ts';
import { factsOf, orderStore } from '../store/orders.ts';
import { settings } from '../store/settings.ts';
import type { OrdersDeps } from './deps.ts';
import { announceEvaluation, recordTransition } from './order-transition.ts';
import { applyOrderAction } from './order-action.ts';

const AUTO_TEXT = '系统默认好评';

/** The orders service's programme settings (§0b) and the timed work the scheduler asks for. */
export function registerTimedWork(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.getSettings, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    return settings.read(deps.db);
  });
  bus.handle(orders.putSettings, async (value, ctx) => settings.replace(deps.db, value, requireRole(ctx, 'admin')));

  // ORD-5: seed 004 "否则持有的服务券将被系统自动收回"; each order decided again under its own lock
  bus.handle(orders.cancelOverdueContracts, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const { contractDeadlineDays } = await settings.read(deps.db);
    const overdue = await orderStore(deps.db).overdueForContract(contractDeadlineDays);
    let cancelled = 0;
    for (const id of overdue) {
      try {
        await applyOrderAction(deps, ctx, {
          orderId: id,
          party: { kind: 'system', caller: systemCaller },
          action: { kind: 'contract_overdue' },
          reason: `no contract within ${contractDeadlineDays} days of the vouchers' issuance`,
        });
        cancelled++;
      } catch (err) {
        // moved on meanwhile (a contract arrived): nothing to do for it
        if (!(err instanceof AppError && err.code === 'INVALID_STATE')) throw err;
      }
    }
    return { cancelled };
  });

  // ORD-7: seed 003 "若未评价，7天后系统默认好评"; idempotent, one order per transaction, replicas skip locked rows
  bus.handle(orders.autoEvaluateDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const { autoEvaluationDays } = await settings.read(deps.db);
    let evaluated = 0;
    for (;;) {
      const done = await deps.db.transaction().execute(async (trx) => {
        const due = await orderStore(trx).nextDueForAutoEvaluation(autoEvaluationDays);
        if (!due) return false;
        const row = (await orderStore(trx).find(due))!;
        const decision = decideOrder(row.state, factsOf(row), { kind: 'evaluate' });
        if (isRefusal(decision)) return false;
        await orderStore(trx).addEvaluation(row.id, { rating: 'good', text: AUTO_TEXT, platformStars: 5, auto: true });
        await announceEvaluation(trx, row, { rating: 'good', text: AUTO_TEXT, auto: true }, ctx);
        await recordTransition(trx, row, decision, { by: systemCaller, action: 'auto_evaluate', cause: ctx });
        return true;
      });
      if (!done) return { evaluated };
      evaluated++;
    }
  });
}
