import type { Kysely } from 'kysely';
import { AppError, isRefusal, orderEvents, refusalError, type Caller, type OrderState } from '@voucher/contracts';
import {
  actingProvider,
  appendEvent,
  prepareEvent,
  recordTransitionRecords,
  requireRole,
  type EventCause,
  type HandlerContext,
  type PendingEvent,
  type TransitionRecords,
} from '@voucher/bus';
import type { AuditEntry } from '@voucher/db';
import type { OrderDecision } from '../domain/order-flow.ts';
import { decidePayment } from '../domain/payment-state.ts';
import { orderStore, type Completion, type OrderRow } from '../store/orders.ts';
import type { DB as OrdersDb } from '../store/db.ts';

export const orderNotFound = () => new AppError('NOT_FOUND', 'order not found');

/** Who acts on an order: its enterprise, its provider (or staff with the orders menu), or the platform. */
export type Party =
  | { kind: 'enterprise'; caller: Caller }
  | { kind: 'provider'; caller: Caller; providerId: string }
  | { kind: 'system'; caller: Caller };

export function enterpriseParty(ctx: HandlerContext): Party {
  return { kind: 'enterprise', caller: requireRole(ctx, 'enterprise') };
}
export function providerParty(
  ctx: HandlerContext,
  permission: 'orders' | 'customers' = 'orders',
): Party & { kind: 'provider' } {
  const { providerId, caller } = actingProvider(ctx, permission);
  return { kind: 'provider', caller, providerId };
}

/** Whether the order is the party's to see and act on: its enterprise's, its provider's, or anyone's for the platform. */
export function isParty(row: OrderRow, party: Party): boolean {
  if (party.kind === 'enterprise') return row.enterprise_id === party.caller.userId;
  if (party.kind === 'provider') return row.provider_id === party.providerId;
  return true;
}

/** A party sees only its own orders: anyone else's is reported missing (API.md 404). */
export function assertParty(row: OrderRow | undefined, party: Party): asserts row is OrderRow {
  if (!row || !isParty(row, party)) throw orderNotFound();
}

const eventOf: Partial<Record<OrderState, (typeof orderEvents)[keyof typeof orderEvents]>> = {
  awaiting_provider: orderEvents.awaitingProvider,
  accepted: orderEvents.accepted,
  in_service: orderEvents.inService,
  delivered: orderEvents.delivered,
  cancelled: orderEvents.cancelled,
};

/** The facts every order event carries. */
export function orderFactsOf(
  row: Pick<OrderRow, 'id' | 'order_no' | 'enterprise_id' | 'provider_id' | 'product_id' | 'product_name'>,
  from: OrderState | null,
  to: OrderState,
  by: Caller,
  reason: string | null,
) {
  return {
    orderId: row.id,
    orderNo: row.order_no,
    enterpriseId: row.enterprise_id,
    providerId: row.provider_id,
    productId: row.product_id,
    productName: row.product_name,
    from,
    to,
    by: { userId: by.userId, role: by.role },
    reason,
    at: new Date().toISOString(),
  };
}

/**
 * One ORD-2 transition decided on the locked row: its state written, and its
 * audit entry and event as records for the same transaction (A5). The
 * completion event carries the voucher payments settlement needs (SET-2),
 * read here.
 */
export async function writeTransition(
  trx: Kysely<OrdersDb>,
  row: OrderRow,
  decision: OrderDecision,
  t: TransitionBy,
): Promise<TransitionRecords> {
  // WAL-5, ORD-5: a deduction to give back or to take is asked of the wallet (the saga confirms it)
  const asked = decision.refund ? 'refund_asked' : decision.reclaim ? 'reclaim_asked' : null;
  const payment = asked && decidePayment(row.payment_state, asked);
  if (payment && isRefusal(payment)) throw refusalError(payment);
  await orderStore(trx).setState(row.id, decision.to, {
    ...(decision.to === 'cancelled' && t.reason ? { cancelReason: t.reason } : {}),
    ...(payment ? { paymentState: payment.to } : {}),
  });
  const completion =
    decision.to === 'completed' && row.state !== 'completed' ? await orderStore(trx).completionOf(row) : null;
  return transitionRecords(row, decision, { ...t, completion });
}

/** The same, recorded at once: for a transition decided inside a transaction of the caller's (the saga's sweep). */
export async function recordTransition(
  trx: Kysely<OrdersDb>,
  row: OrderRow,
  decision: OrderDecision,
  t: TransitionBy,
): Promise<void> {
  await recordTransitionRecords(trx, await writeTransition(trx, row, decision, t));
}

interface TransitionBy {
  by: Caller;
  action: string;
  /** the request that moved the order, and its trace, kept with its events */
  cause: EventCause;
  reason?: string | null;
  completion?: Completion | null;
}

/** A transition's audit entry and events, as data for a statement to write. */
export function transitionRecords(
  row: OrderRow,
  decision: OrderDecision,
  t: TransitionBy,
): { audit: AuditEntry; events: PendingEvent[] } {
  const reason = t.reason ?? null;
  const audit: AuditEntry = {
    entity: 'order',
    entityId: row.id,
    action: t.action,
    actor: t.by,
    fromState: row.state,
    toState: decision.to,
    reason,
  };
  if (decision.to === row.state) return { audit, events: [] };
  const facts = orderFactsOf(row, row.state, decision.to, t.by, reason);
  if (decision.to === 'completed') {
    const { enterprise, payments } = t.completion!;
    const completed = prepareEvent(
      orderEvents.completed,
      {
        ...facts,
        enterpriseName: enterprise?.company_name ?? '',
        district: enterprise?.district ?? null,
        city: enterprise?.city ?? null,
        providerName: row.provider_name,
        productName: row.product_name,
        totalAmount: Number(row.total_amount),
        payments:
          row.payment_state === 'paid'
            ? payments.map((p) => ({
                voucherId: p.voucher_id,
                voucherNumber: p.voucher_number,
                category: p.category,
                amount: Number(p.amount),
              }))
            : [],
      },
      t.cause,
    );
    return { audit, events: [completed] };
  }
  const event = eventOf[decision.to];
  return { audit, events: event ? [prepareEvent(event, facts, t.cause)] : [] };
}

/** ORD-7's `evaluated` event: what the catalog shows (CAT-5) and the statistics count (SET-6). */
export async function announceEvaluation(
  trx: Kysely<OrdersDb>,
  row: OrderRow,
  evaluation: { rating: 'good' | 'neutral' | 'bad'; text: string; auto: boolean },
  cause: EventCause,
): Promise<void> {
  await appendEvent(
    trx,
    orderEvents.evaluated,
    {
      orderId: row.id,
      productId: row.product_id,
      providerId: row.provider_id,
      enterpriseId: row.enterprise_id,
      enterpriseName: row.enterprise_name ?? '',
      district: row.enterprise_district,
      productName: row.product_name,
      providerName: row.provider_name,
      ...evaluation,
      at: new Date().toISOString(),
    },
    cause,
  );
}
