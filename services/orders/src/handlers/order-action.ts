import type { Kysely } from 'kysely';
import { AppError, type OrderSummary } from '@voucher/contracts';
import { applyTransition, type HandlerContext } from '@voucher/bus';
import { decideOrder, type OrderAction, type OrderDecision } from '../domain/order-flow.ts';
import { factsOf, orderStore, toOrderSummary, type OrderRow } from '../store/orders.ts';
import type { OrdersDeps } from './deps.ts';
import { isParty, orderNotFound, writeTransition, type Party } from './order-transition.ts';
import { compensatePayment } from './payment-saga.ts';
import type { DB as OrdersDb } from '../store/db.ts';

export interface ActionRequest {
  orderId: string;
  party: Party;
  action: OrderAction;
  reason?: string;
  /** further writes of the action in the same transaction (a receipt, the contract, an evaluation) */
  write?: (trx: Kysely<OrdersDb>, row: OrderRow, decision: OrderDecision) => Promise<void>;
}

/**
 * Applies a party's action to an order under its row lock, so two actions at
 * once (an accept and a cancel) are decided one after the other: exactly one
 * wins. A refund the decision calls for is the saga's next step, taken after
 * the commit and resumed by the sweep if the process dies first.
 */
export async function applyOrderAction(
  deps: OrdersDeps,
  ctx: HandlerContext,
  req: ActionRequest,
): Promise<OrderSummary> {
  const { decision } = await applyTransition(deps.db, {
    lock: async (trx) => {
      const row = await orderStore(trx).find(req.orderId, { lock: true });
      return row && isParty(row, req.party) ? row : undefined;
    },
    notFound: orderNotFound,
    decide: (row) => decideOrder(row.state, factsOf(row), req.action),
    write: async (trx, row, d) => {
      // ORD-4: the primary key (enterprise, year) admits one withdrawal a year, whatever races
      if (d.countsAsWithdrawal && !(await orderStore(trx).recordWithdrawal(row))) {
        throw new AppError('WITHDRAWAL_USED', 'the voucher withdrawal of this year has been used', { year: row.year });
      }
      await req.write?.(trx, row, d);
      return writeTransition(trx, row, d, {
        by: req.party.caller,
        action: req.action.kind,
        cause: ctx,
        reason: req.reason ?? null,
      });
    },
  });
  if (decision.refund) await compensatePayment(deps, req.orderId, 'refund');
  if (decision.reclaim) await compensatePayment(deps, req.orderId, 'reclaim');
  return toOrderSummary((await orderStore(deps.db).find(req.orderId))!);
}
