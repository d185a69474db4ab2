import type { Refusal } from '@voucher/contracts';
import type { OrderFacts } from './order-flow.ts';

export type PaymentState = OrderFacts['paymentState'];

/**
 * What happens to an order's voucher part (ORD-3, WAL-4, WAL-5, ORD-5): the
 * wallet is asked to deduct it; it deducts it, or does not (a refusal, or the
 * sweep's fence finding nothing); a deduction is later given back (a refund)
 * or taken for the programme (a reclaim), each asked first and confirmed once
 * the wallet has done it. Asked and not yet confirmed, the sweep asks again.
 */
export type PaymentEvent =
  | 'voucher_part_asked'
  | 'deducted'
  | 'not_deducted'
  | 'refund_asked'
  | 'reclaim_asked'
  | 'refund_confirmed'
  | 'reclaim_confirmed';

const transitions: Record<PaymentEvent, { from: PaymentState; to: PaymentState }> = {
  voucher_part_asked: { from: 'none', to: 'requested' },
  deducted: { from: 'requested', to: 'paid' },
  not_deducted: { from: 'requested', to: 'none' },
  refund_asked: { from: 'paid', to: 'refund_requested' },
  reclaim_asked: { from: 'paid', to: 'reclaim_requested' },
  refund_confirmed: { from: 'refund_requested', to: 'refunded' },
  reclaim_confirmed: { from: 'reclaim_requested', to: 'reclaimed' },
};

type PaymentRefusal = Refusal<'INVALID_STATE', { paymentState: PaymentState }>;

/** The voucher part's next state, or why it cannot take this step from where it is. */
export function decidePayment(state: PaymentState, event: PaymentEvent): { to: PaymentState } | PaymentRefusal {
  const step = transitions[event];
  if (state !== step.from) {
    return {
      refused: 'INVALID_STATE',
      why: `a payment ${state} cannot be ${event.replace('_', ' ')}`,
      paymentState: state,
    };
  }
  return { to: step.to };
}

/** The compensation a payment state waits for (the sweep asks the wallet again), if any. */
export function compensationAwaited(state: PaymentState): 'refund' | 'reclaim' | null {
  if (state === 'refund_requested') return 'refund';
  if (state === 'reclaim_requested') return 'reclaim';
  return null;
}
