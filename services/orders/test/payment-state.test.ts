import { describe, expect, it } from 'vitest';
import {
  compensationAwaited,
  decidePayment,
  type PaymentEvent,
  type PaymentState,
} from '../src/domain/payment-state.ts';

const states: PaymentState[] = [
  'none',
  'requested',
  'paid',
  'refund_requested',
  'refunded',
  'reclaim_requested',
  'reclaimed',
];

const allowed: [PaymentState, PaymentEvent, PaymentState][] = [
  ['none', 'voucher_part_asked', 'requested'],
  ['requested', 'deducted', 'paid'],
  ['requested', 'not_deducted', 'none'],
  ['paid', 'refund_asked', 'refund_requested'],
  ['paid', 'reclaim_asked', 'reclaim_requested'],
  ['refund_requested', 'refund_confirmed', 'refunded'],
  ['reclaim_requested', 'reclaim_confirmed', 'reclaimed'],
];

describe('ORD-3, WAL-4/5, ORD-5: the voucher part of an order', () => {
  it.each(allowed)('goes from %s on %s to %s', (from, event, to) => {
    expect(decidePayment(from, event)).toEqual({ to });
  });

  it('takes no other step: a deduction is never asked twice, nor given back before it landed or after it ended', () => {
    for (const [, event] of allowed) {
      for (const state of states.filter((s) => !allowed.some(([from, e]) => from === s && e === event))) {
        expect(decidePayment(state, event), `${state} on ${event}`).toMatchObject({
          refused: 'INVALID_STATE',
          paymentState: state,
        });
      }
    }
  });

  it('leaves the sweep a compensation to ask again only while one is asked and unconfirmed', () => {
    expect(states.map(compensationAwaited)).toEqual([null, null, null, 'refund', null, 'reclaim', null]);
  });
});
