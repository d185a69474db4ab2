import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  isRefusal,
  orderEvents,
  orders,
  refusalError,
  systemCaller,
  validationFailed,
  wallet,
  type Caller,
  type ListedTerms,
  type OrderState,
} from '@voucher/contracts';
import { appendEvent, prepareEvent, requireRole, type Bus, type EventCause, type HandlerContext } from '@voucher/bus';
import { programmeYear } from '@voucher/kit';
import { decideOrder } from '../domain/order-flow.ts';
import { orderNumber } from '../domain/order-number.ts';
import { whyNoPlacement } from '../domain/purchase-limit.ts';
import { compensationAwaited, decidePayment, type PaymentState } from '../domain/payment-state.ts';
import {
  factsOf,
  orderStore,
  toOrderSummary,
  type NewOrder,
  type OrderRow,
  type PaidLine,
  type PaidRecord,
} from '../store/orders.ts';
import { enterpriseStore } from '../store/enterprises.ts';
import type { OrdersDeps } from './deps.ts';
import { assertParty, orderFactsOf, recordTransition, transitionRecords } from './order-transition.ts';
import type { DB as OrdersDb } from '../store/db.ts';

type VoucherLine = { voucherId: string; amount: number };

/**
 * The saga's first step (WAL-4): the wallet deducts the voucher part with the
 * enterprise's PIN. Its compensations, `compensatePayment`, follow. The order
 * already says `requested`, so whatever happens to this process, the sweep
 * finds the order and settles it with the wallet.
 */
async function payVouchers(
  deps: OrdersDeps,
  ctx: HandlerContext,
  row: OrderRow,
  terms: ListedTerms,
  lines: VoucherLine[],
  pin: string,
) {
  return deps.bus.request(
    wallet.pay,
    {
      orderId: row.id,
      providerId: row.provider_id,
      orderAmount: Number(row.total_amount),
      quantity: row.quantity,
      acceptedCategories: terms.voucherTerms!.acceptedCategories,
      maxVoucherPerUnit: terms.voucherTerms!.maxVoucherPerUnit,
      vouchers: lines,
      pin,
    },
    ctx,
  );
}

/**
 * The compensations of the pay step, each idempotent in the wallet: a refund
 * gives the deduction back to the enterprise (WAL-5); a reclaim (ORD-5) gives
 * it back and then takes the vouchers for the programme. The order already
 * says `…_requested`, so if the wallet does not answer, the sweep asks again.
 */
const compensations = {
  refund: { command: wallet.refund, asked: 'refund_requested', confirmed: 'refund_confirmed' },
  reclaim: { command: wallet.reclaimOrder, asked: 'reclaim_requested', confirmed: 'reclaim_confirmed' },
} as const;

/** The payment state once the wallet confirmed a compensation. */
function confirmedState(kind: keyof typeof compensations): PaymentState {
  const { asked, confirmed } = compensations[kind];
  const after = decidePayment(asked, confirmed);
  if (isRefusal(after)) throw refusalError(after);
  return after.to;
}

export async function compensatePayment(
  deps: OrdersDeps,
  orderId: string,
  kind: keyof typeof compensations,
): Promise<void> {
  try {
    await deps.bus.request(compensations[kind].command, { orderId }, { requestId: uuidv7(), caller: systemCaller });
    await orderStore(deps.db).setPaymentState(orderId, confirmedState(kind));
  } catch (err) {
    deps.logger.warn({ err, orderId, kind }, 'compensation not confirmed yet');
  }
}

/**
 * The wallet's answer recorded: the deducted amounts, `placed` once, ORD-2's
 * next state, its audit entry and events, all in one statement if the order
 * is still as the saga last read it (`seen`); if it moved meanwhile, it is
 * read again under its lock and recorded from what it is now.
 */
async function recordPaid(
  deps: OrdersDeps,
  orderId: string,
  paid: PaidLine[],
  by: Caller,
  cause: EventCause,
  seen?: OrderRow,
): Promise<OrderRow | undefined> {
  const record = (write: (r: PaidRecord) => Promise<OrderRow | undefined>, before: OrderRow) => {
    const total = paid.reduce((a, l) => a + l.amount, 0);
    const paidState = decidePayment(before.payment_state, 'deducted');
    if (isRefusal(paidState)) throw refusalError(paidState);
    const facts = { ...factsOf(before), voucherAmount: total, paymentState: paidState.to };
    const decision = decideOrder(before.state, facts, { kind: 'voucher_paid' });
    const placed = before.announced
      ? []
      : [prepareEvent(orderEvents.placed, orderFactsOf(before, null, 'pending_payment', by, null), cause)];
    const transition = isRefusal(decision)
      ? null
      : transitionRecords(before, decision, { by, action: 'voucher_paid', cause });
    return write({
      before,
      paid,
      to: isRefusal(decision) ? before.state : decision.to,
      audit: transition?.audit ?? null,
      events: [...placed, ...(transition?.events ?? [])],
    });
  };
  const fast = seen && (await record((r) => deps.writes.markPaid.submit(r), seen));
  if (fast) return fast;
  return deps.db.transaction().execute(async (trx) => {
    const before = await orderStore(trx).find(orderId, { lock: true });
    if (!before || before.payment_state !== 'requested') return before;
    return record(async (r) => (await orderStore(trx).markPaidMany([r]))[0], before);
  });
}

/** `placed`, once per order, before any other event of it. */
async function announcePlaced(trx: Kysely<OrdersDb>, row: OrderRow, by: Caller, cause: EventCause) {
  if (!(await orderStore(trx).markAnnounced(row.id))) return;
  await appendEvent(trx, orderEvents.placed, orderFactsOf(row, null, 'pending_payment', by, null), cause);
}

/**
 * Runs the pay step and records its outcome. A refusal by the wallet (wrong
 * PIN, over the cap, over the ratio) is definite: nothing was deducted, and
 * the client gets the wallet's code. Anything else (a timeout) leaves the
 * order `requested` for the sweep.
 */
async function runPayment(
  deps: OrdersDeps,
  ctx: HandlerContext,
  row: OrderRow,
  terms: ListedTerms,
  lines: VoucherLine[],
  pin: string,
  placement: boolean,
): Promise<OrderRow> {
  let paid: PaidLine[];
  try {
    paid = (await payVouchers(deps, ctx, row, terms, lines, pin)).lines;
  } catch (err) {
    if (err instanceof AppError && err.code !== 'TIMEOUT' && err.code !== 'UNAVAILABLE' && err.code !== 'INTERNAL') {
      await orderStore(deps.db).forgetPaymentRequest(row.id, placement);
    }
    throw err;
  }
  return (await recordPaid(deps, row.id, paid, ctx.caller!, ctx, row)) ?? (await orderStore(deps.db).find(row.id))!;
}

function specOf(terms: ListedTerms, specName: string) {
  const spec = terms.specs.find((s) => s.name === specName);
  if (!spec) throw validationFailed([{ path: 'specName', message: `the product has no spec ${specName}` }]);
  return spec.pricing === 'free' ? 0 : (spec.price ?? 0);
}

function assertVoucherPart(terms: ListedTerms, total: number, lines: VoucherLine[]) {
  if (lines.length === 0) return 0;
  if (!terms.voucherTerms) {
    throw new AppError('DEDUCTION_RULE', 'this product does not take vouchers', { rule: 'not_accepted' });
  }
  const ids = lines.map((l) => l.voucherId);
  if (new Set(ids).size !== ids.length) throw validationFailed([{ path: 'vouchers', message: 'a voucher twice' }]);
  const sum = lines.reduce((a, l) => a + l.amount, 0);
  if (sum > total)
    throw new AppError('DEDUCTION_RULE', 'the vouchers exceed the order amount', { rule: 'order_amount' });
  return sum;
}

/** Why `place` inserted nothing (ORD-1, CAT-2), from the facts as they are now. */
async function whyNotPlaced(
  db: Kysely<OrdersDb>,
  o: { enterpriseId: string; productId: string; year: number; limit: number | null },
): Promise<AppError> {
  const enterprises = enterpriseStore(db);
  const facts = {
    certified: await enterprises.isCertified(o.enterpriseId),
    placedThisYear: await enterprises.placedThisYear(o.enterpriseId, o.productId, o.year),
    limit: o.limit,
  };
  // if the facts read a moment later allow it, the database saw them otherwise: the count full (an order of it
  // cancelled since) or, with no limit, the enterprise not certified
  const refusal =
    whyNoPlacement(facts) ??
    whyNoPlacement({ ...facts, certified: facts.certified && o.limit !== null, placedThisYear: o.limit ?? 0 })!;
  return refusalError(refusal);
}

export function registerPaymentSaga(bus: Bus, deps: OrdersDeps): void {
  // ORD-1, ORD-3, WAL-4: place, and pay the voucher part in the same request
  bus.handle(orders.place, async (req, ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const store = orderStore(deps.db);
    if (req.idempotencyKey) {
      const earlier = await store.findByKey(enterprise.userId, req.idempotencyKey);
      if (earlier) return toOrderSummary(earlier);
    }
    const terms = await deps.terms.get(req.productId, ctx);
    const unitPrice = specOf(terms, req.specName);
    const total = unitPrice * req.quantity;
    const voucherAmount = assertVoucherPart(terms, total, req.vouchers);
    const now = new Date();
    const year = programmeYear(now, deps.timeZone);
    const id = uuidv7();
    const paying = req.vouchers.length > 0;
    const state: OrderState = !paying && total === 0 ? 'awaiting_provider' : 'pending_payment';
    const limit = terms.voucherTerms?.annualLimitPerEnterprise ?? null;
    const order: NewOrder = {
      id,
      orderNo: orderNumber(now, deps.timeZone),
      enterpriseId: enterprise.userId,
      providerId: terms.providerId,
      providerName: terms.providerName,
      productId: terms.productId,
      productVersion: terms.version,
      productName: terms.name,
      specName: req.specName,
      unitPrice,
      quantity: req.quantity,
      total,
      voucherAmount,
      message: req.message,
      state,
      paymentState: paying ? 'requested' : 'none',
      year,
      idempotencyKey: req.idempotencyKey ?? null,
      annualLimit: limit,
      // an order waiting on the wallet is announced once the wallet has answered (recordPaid)
      announced: !paying,
    };
    const placedEvent = orderFactsOf(
      {
        id,
        order_no: order.orderNo,
        enterprise_id: enterprise.userId,
        provider_id: terms.providerId,
        product_id: terms.productId,
        product_name: terms.name,
      },
      null,
      state,
      enterprise,
      null,
    );
    let placed: OrderRow | undefined;
    try {
      placed = await deps.writes.place.submit({
        order,
        audit: { entity: 'order', entityId: id, action: 'place', actor: enterprise, toState: state },
        // an order waiting on the wallet is announced once the wallet has answered (recordPaid)
        events: paying ? [] : [prepareEvent(orderEvents.placed, placedEvent, ctx)],
      });
    } catch (err) {
      // the same Idempotency-Key at the same moment: the other request placed it
      if ((err as { constraint?: string }).constraint === 'orders_idempotency' && req.idempotencyKey) {
        return toOrderSummary((await store.findByKey(enterprise.userId, req.idempotencyKey))!);
      }
      throw err;
    }
    if (!placed) {
      throw await whyNotPlaced(deps.db, { enterpriseId: enterprise.userId, productId: terms.productId, year, limit });
    }
    if (!paying) return toOrderSummary(placed);
    return toOrderSummary(await runPayment(deps, ctx, placed, terms, req.vouchers, req.pin!, true));
  });

  // seed 003 §4.7: the pay button of an order placed without its voucher part
  bus.handle(orders.pay, async ({ id, vouchers, pin }, ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const store = orderStore(deps.db);
    const current = await store.find(id);
    assertParty(current, { kind: 'enterprise', caller: enterprise });
    const terms = await deps.terms.get(current.product_id, ctx);
    const row = await deps.db.transaction().execute(async (trx) => {
      const locked = (await orderStore(trx).find(id, { lock: true }))!;
      if (locked.state !== 'pending_payment' || isRefusal(decidePayment(locked.payment_state, 'voucher_part_asked'))) {
        throw new AppError('INVALID_STATE', 'this order has no voucher part left to pay', { state: locked.state });
      }
      const sum = assertVoucherPart(terms, Number(locked.total_amount), vouchers);
      await orderStore(trx).requestPayment(id, sum);
      return (await orderStore(trx).find(id))!;
    });
    return toOrderSummary(await runPayment(deps, ctx, row, terms, vouchers, pin, false));
  });
}

/**
 * The saga's recovery (run on a timer and at start): an order whose wallet
 * step went unanswered is settled with the wallet's fence, so the payment
 * either counts (the order goes on) or can never happen (the order is
 * cancelled); a refund that was not confirmed is asked again. Rows are taken
 * with SKIP LOCKED, so replicas share the work. An order that cannot be
 * settled now (its step fails again) is left for the next pass and the pass
 * goes on: one order's trouble never holds back the others' (A8).
 */
export async function settleUnansweredPayments(deps: OrdersDeps): Promise<number> {
  let settled = 0;
  const putOff: string[] = [];
  for (;;) {
    let orderId: string | undefined;
    try {
      const done = await deps.db.transaction().execute(async (trx) => {
        const row = await orderStore(trx).nextUnanswered(deps.settleAfterMs, putOff);
        if (!row) return false;
        orderId = row.id;
        return settleOne(deps, trx, row);
      });
      if (!done) return settled;
      if (typeof done === 'object') {
        await recordPaid(deps, done.id, done.paid, systemCaller, { requestId: uuidv7() });
      }
      settled++;
    } catch (err) {
      // no row in hand: the database itself failed, and the whole pass waits for the next tick
      if (orderId === undefined) throw err;
      deps.logger.warn({ err, orderId }, 'an unanswered payment could not be settled yet; the next pass asks again');
      putOff.push(orderId);
    }
  }
}

/** One unanswered step, under its row's lock: a compensation asked again, or the pay step fenced. */
async function settleOne(
  deps: OrdersDeps,
  trx: Kysely<OrdersDb>,
  row: { id: string; payment_state: PaymentState },
): Promise<true | { paid: PaidLine[]; id: string }> {
  const order = (await orderStore(trx).find(row.id))!;
  const requestId = uuidv7();
  const awaited = compensationAwaited(row.payment_state);
  if (awaited) {
    await deps.bus.request(compensations[awaited].command, { orderId: row.id }, { requestId, caller: systemCaller });
    await orderStore(trx).setPaymentState(row.id, confirmedState(awaited));
    return true;
  }
  const fence = await deps.bus.request(
    wallet.settlePaymentAttempt,
    { orderId: row.id, enterpriseId: order.enterprise_id, providerId: order.provider_id },
    { requestId, caller: systemCaller },
  );
  if (fence.state === 'paid') return { paid: fence.lines, id: row.id };
  // nothing was deducted, and now nothing can be: the order ends here
  const decision = decideOrder(order.state, factsOf(order), { kind: 'payment_called_off' });
  const none = decidePayment(row.payment_state, 'not_deducted');
  if (isRefusal(none)) throw refusalError(none);
  await orderStore(trx).setPaymentState(row.id, none.to);
  await announcePlaced(trx, order, systemCaller, { requestId });
  if (!isRefusal(decision)) {
    await recordTransition(trx, order, decision, {
      by: systemCaller,
      action: 'payment_called_off',
      cause: { requestId },
      reason: 'the payment did not complete',
    });
  }
  return true;
}
