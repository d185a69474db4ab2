import { describe, expect, it } from 'vitest';
import { orderStates, type OrderState } from '@voucher/contracts';
import { decideOrder, type OrderAction, type OrderFacts } from '../src/domain/order-flow.ts';
import { orderNumber } from '../src/domain/order-number.ts';
import { recordStillOpen, serviceUnderWay } from '../src/domain/service-record.ts';

/** An order's facts; override what the case is about. */
const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  voucherAmount: 200_000,
  paymentState: 'paid',
  cashDue: 200_000,
  receipts: 1,
  ...over,
});
const cashOnly = facts({ voucherAmount: 0, paymentState: 'none' });
const allVouchers = facts({ cashDue: 0, receipts: 0 });
const unpaid = facts({ paymentState: 'requested', receipts: 0 });

describe('ORD-2 every allowed transition', () => {
  it.each<[string, OrderState, OrderFacts, OrderAction, OrderState, boolean, boolean]>([
    [
      'vouchers paid, no cash due',
      'pending_payment',
      facts({ paymentState: 'requested', cashDue: 0, receipts: 0 }),
      { kind: 'voucher_paid' },
      'awaiting_provider',
      false,
      false,
    ],
    [
      'vouchers paid, cash due without receipt',
      'pending_payment',
      unpaid,
      { kind: 'voucher_paid' },
      'pending_payment',
      false,
      false,
    ],
    [
      'vouchers paid, receipt already there',
      'pending_payment',
      facts({ paymentState: 'requested' }),
      { kind: 'voucher_paid' },
      'awaiting_provider',
      false,
      false,
    ],
    [
      'a receipt for a cash-only order',
      'pending_payment',
      facts({ voucherAmount: 0, paymentState: 'none', receipts: 0 }),
      { kind: 'receipts_added', count: 1 },
      'awaiting_provider',
      false,
      false,
    ],
    [
      'a receipt before the vouchers are paid',
      'pending_payment',
      unpaid,
      { kind: 'receipts_added', count: 2 },
      'pending_payment',
      false,
      false,
    ],
    [
      'another receipt while awaiting',
      'awaiting_provider',
      facts({ receipts: 1 }),
      { kind: 'receipts_added', count: 2 },
      'awaiting_provider',
      false,
      false,
    ],
    ['accept', 'awaiting_provider', facts(), { kind: 'accept' }, 'accepted', false, false],
    ['decline refunds without counting', 'awaiting_provider', facts(), { kind: 'decline' }, 'cancelled', true, false],
    ['decline of a cash-only order', 'awaiting_provider', cashOnly, { kind: 'decline' }, 'cancelled', false, false],
    [
      'cancel after the deduction is the withdrawal',
      'awaiting_provider',
      allVouchers,
      { kind: 'cancel' },
      'cancelled',
      true,
      true,
    ],
    [
      'cancel with nothing deducted is free',
      'pending_payment',
      cashOnly,
      { kind: 'cancel' },
      'cancelled',
      false,
      false,
    ],
    [
      'withdraw vouchers',
      'pending_payment',
      facts({ receipts: 0 }),
      { kind: 'withdraw_vouchers' },
      'cancelled',
      true,
      true,
    ],
    ['contract', 'accepted', facts(), { kind: 'contract_uploaded' }, 'in_service', false, false],
    ['deliver', 'in_service', facts(), { kind: 'deliver' }, 'delivered', false, false],
    ['completed', 'delivered', facts(), { kind: 'complete', completed: true }, 'completed', false, false],
    [
      'not completed goes back into service',
      'delivered',
      facts(),
      { kind: 'complete', completed: false },
      'in_service',
      false,
      false,
    ],
    ['evaluate', 'completed', facts(), { kind: 'evaluate' }, 'evaluated', false, false],
    ['a payment called off', 'pending_payment', unpaid, { kind: 'payment_called_off' }, 'cancelled', false, false],
  ])('%s', (_name, state, f, action, to, refund, countsAsWithdrawal) => {
    expect(decideOrder(state, f, action)).toEqual({ to, refund, countsAsWithdrawal, reclaim: false });
  });
});

describe('ORD-2 every refused transition', () => {
  const allowedFrom: Record<OrderAction['kind'], OrderState[]> = {
    voucher_paid: ['pending_payment'],
    receipts_added: ['pending_payment', 'awaiting_provider'],
    accept: ['awaiting_provider'],
    decline: ['awaiting_provider'],
    cancel: ['pending_payment', 'awaiting_provider'],
    withdraw_vouchers: ['pending_payment', 'awaiting_provider'],
    contract_uploaded: ['accepted'],
    deliver: ['in_service'],
    complete: ['delivered'],
    evaluate: ['completed'],
    payment_called_off: ['pending_payment'],
    contract_overdue: ['pending_payment', 'awaiting_provider', 'accepted'],
  };
  const actionOf = (kind: OrderAction['kind']): OrderAction =>
    kind === 'receipts_added'
      ? { kind, count: 1 }
      : kind === 'complete'
        ? { kind, completed: true }
        : ({ kind } as OrderAction);
  const cases = Object.entries(allowedFrom).flatMap(([kind, allowed]) =>
    orderStates.filter((s) => !allowed.includes(s)).map((s) => [kind, s] as [OrderAction['kind'], OrderState]),
  );
  it.each(cases)('refuses %s in %s', (kind, state) => {
    expect(decideOrder(state, facts(), actionOf(kind))).toMatchObject({ refused: 'INVALID_STATE', state });
  });
  it('ORD-5: an overdue contract cancels the order and reclaims what the vouchers paid, refunding nothing', () => {
    expect(decideOrder('accepted', facts(), { kind: 'contract_overdue' })).toEqual({
      to: 'cancelled',
      refund: false,
      countsAsWithdrawal: false,
      reclaim: true,
    });
    expect(decideOrder('awaiting_provider', cashOnly, { kind: 'contract_overdue' })).toMatchObject({ reclaim: false });
  });
  it.each<OrderAction['kind']>(['cancel', 'withdraw_vouchers', 'decline', 'contract_overdue'])(
    'refuses to %s while the voucher payment is in flight: it may land and would never be refunded',
    (kind) => {
      for (const state of ['pending_payment', 'awaiting_provider'] as const) {
        expect(decideOrder(state, unpaid, actionOf(kind))).toEqual({
          refused: 'INVALID_STATE',
          state,
          why: expect.stringContaining('in progress'),
          paymentState: 'requested',
        });
      }
    },
  );
  it('lets the saga call off a payment in flight (its own fence), and records one that lands', () => {
    expect(decideOrder('pending_payment', unpaid, { kind: 'payment_called_off' })).toMatchObject({ to: 'cancelled' });
    expect(decideOrder('pending_payment', unpaid, { kind: 'voucher_paid' })).toMatchObject({ to: 'pending_payment' });
  });
  it('refuses a fourth receipt', () => {
    expect(
      decideOrder('awaiting_provider', facts({ receipts: 3 }), { kind: 'receipts_added', count: 1 }),
    ).toMatchObject({
      refused: 'INVALID_STATE',
    });
    expect(decideOrder('pending_payment', facts({ receipts: 1 }), { kind: 'receipts_added', count: 3 })).toMatchObject({
      refused: 'INVALID_STATE',
    });
  });
  it('refuses a receipt when nothing is due in cash', () => {
    expect(decideOrder('pending_payment', allVouchers, { kind: 'receipts_added', count: 1 })).toMatchObject({
      refused: 'INVALID_STATE',
    });
  });
  it('refuses to withdraw vouchers that were never deducted', () => {
    expect(decideOrder('awaiting_provider', cashOnly, { kind: 'withdraw_vouchers' })).toMatchObject({
      refused: 'INVALID_STATE',
    });
  });
  it('refuses to record a voucher payment for an order without a voucher part', () => {
    expect(decideOrder('pending_payment', cashOnly, { kind: 'voucher_paid' })).toMatchObject({
      refused: 'INVALID_STATE',
    });
  });
});

describe('DOMAIN §0 order numbers', () => {
  it('are 24 digits: the programme-zone time to the millisecond, then 7 random digits', () => {
    const at = new Date('2021-07-20T02:19:31.767Z');
    expect(orderNumber(at, 'Asia/Shanghai', () => 278137)).toBe('202107201019317670278137');
    expect(orderNumber(new Date(), 'Asia/Shanghai')).toMatch(/^\d{24}$/);
  });
  it('roll over the date in the programme zone, not in UTC', () => {
    expect(orderNumber(new Date('2026-12-31T16:00:00.000Z'), 'Asia/Shanghai', () => 1).slice(0, 8)).toBe('20270101');
  });
});

describe('ORD-6 service records', () => {
  it.each<[OrderState, boolean]>([
    ['pending_payment', false],
    ['awaiting_provider', false],
    ['accepted', true],
    ['in_service', true],
    ['delivered', true],
    ['completed', false],
    ['cancelled', false],
  ])('service is recorded and asked for in %s: %s', (state, allowed) => {
    for (const doing of ['record', 'request'] as const) {
      const refusal = serviceUnderWay(state, doing);
      expect(refusal === null).toBe(allowed);
      if (refusal) expect(refusal).toMatchObject({ refused: 'INVALID_STATE', state });
    }
  });

  it('edits and evaluates a record until the enterprise has evaluated it; a missing one is not found', () => {
    expect(recordStillOpen({ evaluatedAt: null }, 'edit')).toBeNull();
    expect(recordStillOpen({ evaluatedAt: null }, 'evaluate')).toBeNull();
    expect(recordStillOpen({ evaluatedAt: new Date() }, 'edit')).toMatchObject({
      refused: 'INVALID_STATE',
      state: 'evaluated',
    });
    expect(recordStillOpen({ evaluatedAt: new Date() }, 'evaluate')).toMatchObject({ refused: 'INVALID_STATE' });
    expect(recordStillOpen(undefined, 'evaluate')).toMatchObject({ refused: 'NOT_FOUND' });
  });
});
