import type { OrderState, Refusal } from '@voucher/contracts';

export interface OrderFacts {
  /** what the vouchers are to pay, fen (0: a cash-only order) */
  voucherAmount: number;
  /** `paid` once the wallet deducted the voucher part */
  paymentState: 'none' | 'requested' | 'paid' | 'refund_requested' | 'refunded' | 'reclaim_requested' | 'reclaimed';
  cashDue: number;
  receipts: number;
}

export type OrderAction =
  | { kind: 'voucher_paid' }
  | { kind: 'receipts_added'; count: number }
  | { kind: 'accept' }
  | { kind: 'decline' }
  | { kind: 'cancel' }
  | { kind: 'withdraw_vouchers' }
  | { kind: 'contract_uploaded' }
  | { kind: 'deliver' }
  | { kind: 'complete'; completed: boolean }
  | { kind: 'evaluate' }
  | { kind: 'payment_called_off' }
  | { kind: 'contract_overdue' };

export interface OrderDecision {
  to: OrderState;
  /** give the deducted vouchers back (WAL-5) */
  refund: boolean;
  /** this cancellation is the enterprise's one voucher withdrawal of the year (ORD-4) */
  countsAsWithdrawal: boolean;
  /** the vouchers are lost to the programme, not given back (ORD-5) */
  reclaim: boolean;
}

export type OrderRefusal = Refusal<
  'INVALID_STATE',
  {
    state: OrderState;
    /** set when the refusal is the voucher payment still in flight: the action may be asked again once it lands */
    paymentState?: 'requested';
  }
>;

const MAX_RECEIPTS = 3;
const invalid = (state: OrderState, why: string): OrderRefusal => ({ refused: 'INVALID_STATE', state, why });

/**
 * The actions that end an order before its service, undoing a deduction if
 * there was one (WAL-5, ORD-4, ORD-5). While the wallet's deduction is in
 * flight (`requested`) nobody knows whether there will be one to undo: an
 * order ended then would stay cancelled but paid, never refunded, with the
 * provider's cap (ORD-9) still counting it. So they wait for the wallet's
 * answer (a moment, or the saga's sweep after ORDERS_PAYMENT_SETTLE_AFTER_MS)
 * rather than refunding a deduction that lands late, which would have to
 * decide afterwards whether a cancel of a then-unpaid order was the year's
 * withdrawal (ORD-4).
 */
const endsOrder: ReadonlySet<OrderAction['kind']> = new Set([
  'cancel',
  'withdraw_vouchers',
  'decline',
  'contract_overdue',
]);
const go = (to: OrderState, extra: Partial<OrderDecision> = {}): OrderDecision => ({
  to,
  refund: false,
  countsAsWithdrawal: false,
  reclaim: false,
  ...extra,
});

/** ORD-2's trigger: the voucher part settled and, when cash is due, a receipt uploaded. */
function readyForProvider(f: OrderFacts): boolean {
  const vouchersSettled = f.voucherAmount === 0 || f.paymentState === 'paid';
  return vouchersSettled && (f.cashDue === 0 || f.receipts > 0);
}

/**
 * ORD-2 as a pure state machine: `pending_payment → awaiting_provider →
 * accepted → in_service → delivered → completed → evaluated`, `cancelled`
 * before acceptance, `delivered → in_service` on "not completed". Returns the
 * next state with what must be undone, or why not.
 */
export function decideOrder(state: OrderState, facts: OrderFacts, action: OrderAction): OrderDecision | OrderRefusal {
  const deducted = facts.paymentState === 'paid';
  if (facts.paymentState === 'requested' && endsOrder.has(action.kind)) {
    return {
      ...invalid(state, 'the voucher payment of this order is still in progress: try again once it has completed'),
      paymentState: 'requested',
    };
  }
  switch (action.kind) {
    case 'voucher_paid':
      if (state !== 'pending_payment') return invalid(state, 'only an order waiting for payment is paid');
      if (facts.voucherAmount === 0) return invalid(state, 'this order has no voucher part');
      return go(readyForProvider({ ...facts, paymentState: 'paid' }) ? 'awaiting_provider' : 'pending_payment');
    // ORD-3: the cash part's transfer receipts, up to 3, and none when the vouchers cover the order
    case 'receipts_added':
      if (state !== 'pending_payment' && state !== 'awaiting_provider') {
        return invalid(state, 'receipts are uploaded before the provider accepts');
      }
      if (facts.cashDue === 0) return invalid(state, 'nothing is due in cash: no receipt is needed');
      if (facts.receipts + action.count > MAX_RECEIPTS) return invalid(state, `at most ${MAX_RECEIPTS} receipts`);
      return go(
        state === 'pending_payment' && readyForProvider({ ...facts, receipts: facts.receipts + action.count })
          ? 'awaiting_provider'
          : state,
      );
    case 'accept':
      if (state !== 'awaiting_provider') return invalid(state, 'only an order awaiting the provider is accepted');
      return go('accepted');
    case 'decline':
      if (state !== 'awaiting_provider') return invalid(state, 'only an order awaiting the provider is declined');
      // ORD-4: a provider's decline refunds without counting against the enterprise
      return go('cancelled', { refund: deducted });
    case 'cancel':
      if (state !== 'pending_payment' && state !== 'awaiting_provider') {
        return invalid(state, 'an order is cancelled before the provider accepts it');
      }
      // ORD-4: cancelling after the deduction is the year's voucher withdrawal
      return go('cancelled', { refund: deducted, countsAsWithdrawal: deducted });
    case 'withdraw_vouchers':
      if (state !== 'pending_payment' && state !== 'awaiting_provider') {
        return invalid(state, 'vouchers are withdrawn before the provider accepts');
      }
      if (!deducted) return invalid(state, 'no voucher was deducted for this order');
      return go('cancelled', { refund: true, countsAsWithdrawal: true });
    case 'contract_uploaded':
      if (state !== 'accepted') return invalid(state, 'the contract follows the provider’s acceptance');
      return go('in_service');
    case 'deliver':
      if (state !== 'in_service') return invalid(state, 'only an order in service is delivered');
      return go('delivered');
    // ORD-7: the enterprise confirms completed or not completed, then evaluates
    case 'complete':
      if (state !== 'delivered') return invalid(state, 'only a delivered order is confirmed');
      return go(action.completed ? 'completed' : 'in_service');
    case 'evaluate':
      if (state !== 'completed') return invalid(state, 'only a completed order is evaluated');
      return go('evaluated');
    case 'contract_overdue':
      if (state !== 'pending_payment' && state !== 'awaiting_provider' && state !== 'accepted') {
        return invalid(state, 'only an order without its contract is overdue');
      }
      return go('cancelled', { reclaim: deducted });
    case 'payment_called_off':
      if (state !== 'pending_payment') return invalid(state, 'only an unpaid order loses its payment');
      return go('cancelled');
  }
}
