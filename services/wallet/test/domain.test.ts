import { describe, expect, it } from 'vitest';
import { isRefusal, voucherStates, type PayRequest } from '@voucher/contracts';
import { ledgerBalances } from '../src/domain/ledger.ts';
import { checkDeduction, checkProviderCaps, providerCap, type VoucherForPayment } from '../src/domain/deduction.ts';
import { hashPin, judgePin, pinProof } from '../src/domain/pin.ts';
import { shownState, standingsUnderTab } from '../src/domain/voucher-tabs.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const PAYER = '01900000-0000-7000-8000-000000000001';

/** A voucher of the payer's, available, a year left; override what the case is about. */
const aVoucher = (overrides: Partial<VoucherForPayment> = {}): VoucherForPayment => ({
  id: '01900000-0000-7000-8000-0000000000a1',
  enterpriseId: PAYER,
  categoryCode: 'CERT',
  balance: 100_000,
  state: 'available',
  expiresAt: new Date('2027-06-01T00:00:00Z'),
  redemptionMode: 'balance',
  city: '南京市',
  ...overrides,
});

/** An order paying `amount` with the voucher above; override what the case is about. */
const anOrder = (amount: number, overrides: Partial<PayRequest> = {}): PayRequest => ({
  orderId: '01900000-0000-7000-8000-0000000000b1',
  providerId: '01900000-0000-7000-8000-0000000000c1',
  orderAmount: 400_000,
  quantity: 1,
  acceptedCategories: ['CERT'],
  maxVoucherPerUnit: 200_000,
  vouchers: [{ voucherId: aVoucher().id, amount }],
  pin: '246810',
  ...overrides,
});

describe('WAL-4 checkDeduction', () => {
  it('takes the amount off the voucher and leaves the rest on it', () => {
    expect(checkDeduction(anOrder(30_000), PAYER, [aVoucher()], NOW)).toEqual({
      total: 30_000,
      lines: [{ voucherId: aVoucher().id, amount: 30_000, forfeited: 0, balanceAfter: 70_000 }],
    });
  });

  it('forfeits the remainder of a single-use voucher', () => {
    const decided = checkDeduction(anOrder(30_000), PAYER, [aVoucher({ redemptionMode: 'single_use' })], NOW);
    expect(decided).toMatchObject({ lines: [{ forfeited: 70_000, balanceAfter: 0 }] });
  });

  it.each([
    [
      'a voucher of another enterprise',
      anOrder(1_000),
      aVoucher({ enterpriseId: PAYER.replace('1', '2') }),
      'VOUCHER_NOT_USABLE',
    ],
    ['a used voucher', anOrder(1_000), aVoucher({ state: 'used' }), 'VOUCHER_NOT_USABLE'],
    ['an expired voucher', anOrder(1_000), aVoucher({ expiresAt: NOW }), 'VOUCHER_NOT_USABLE'],
    [
      'a category the product does not take',
      anOrder(1_000, { acceptedCategories: ['AUDIT'] }),
      aVoucher(),
      'VOUCHER_NOT_USABLE',
    ],
    ['more than the balance', anOrder(100_001), aVoucher(), 'INSUFFICIENT_BALANCE'],
    ["more than the product's maximum", anOrder(30_000, { maxVoucherPerUnit: 20_000 }), aVoucher(), 'DEDUCTION_RULE'],
    ['more than the order amount', anOrder(30_000, { orderAmount: 20_000 }), aVoucher(), 'DEDUCTION_RULE'],
    [
      'more than the ratio',
      anOrder(30_000, { orderAmount: 90_000, deductionRatioPercent: 30 }),
      aVoucher(),
      'DEDUCTION_RULE',
    ],
  ])('refuses %s', (_case, order, voucher, code) => {
    expect(checkDeduction(order, PAYER, [voucher], NOW)).toMatchObject({ refused: code });
  });

  it('rounds the ratio down to the fen, never up', () => {
    // 30% of 33,333 fen is 9,999.9: 9,999 may be paid, 10,000 may not
    const order = (amount: number) => anOrder(amount, { orderAmount: 33_333, deductionRatioPercent: 30 });
    expect(isRefusal(checkDeduction(order(9_999), PAYER, [aVoucher()], NOW))).toBe(false);
    expect(checkDeduction(order(10_000), PAYER, [aVoucher()], NOW)).toMatchObject({
      refused: 'DEDUCTION_RULE',
      rule: 'ratio',
      limit: 9_999,
    });
  });

  it('refuses a voucher listed twice', () => {
    const twice = anOrder(1_000, { vouchers: [1, 2].map(() => ({ voucherId: aVoucher().id, amount: 500 })) });
    expect(checkDeduction(twice, PAYER, [aVoucher()], NOW)).toMatchObject({ refused: 'DEDUCTION_RULE' });
  });
});

describe('ORD-9 provider cap', () => {
  it('is the cap percent of the announced issuance, rounded down; none without an announcement', () => {
    expect(providerCap(200_005, 10)).toBe(20_000);
    expect(providerCap(undefined, 10)).toBeNull();
  });

  const capsFor = (
    receivedSoFar: number,
    amount: number,
    issuanceTotals: Record<string, number> = { 南京市: 200_000 },
  ) =>
    checkProviderCaps({
      lines: [{ voucherId: aVoucher().id, amount }],
      vouchers: [aVoucher()],
      receivedSoFar: () => receivedSoFar,
      issuanceTotals,
      capPercent: 10,
    });

  it.each([
    [15_000, 5_000, null],
    [15_000, 5_001, { refused: 'PROVIDER_CAP_REACHED', city: '南京市', cap: 20_000, received: 15_000 }],
    [20_000, 1, { refused: 'PROVIDER_CAP_REACHED', city: '南京市', cap: 20_000, received: 20_000 }],
  ])('with %i received, %i more is refused with %o', (receivedSoFar, amount, refusal) => {
    const checked = capsFor(receivedSoFar, amount);
    expect(isRefusal(checked)).toBe(refusal !== null);
    if (refusal) expect(checked).toMatchObject(refusal);
  });

  it('hands the write the caps that apply and the amounts per city', () => {
    expect(capsFor(15_000, 5_000)).toEqual({
      caps: { 南京市: 20_000 },
      amounts: new Map([['南京市', 5_000]]),
    });
  });

  it('never refuses for a city without an announced issuance', () => {
    expect(capsFor(10 ** 9, 10 ** 9, {})).toEqual({ caps: {}, amounts: new Map([['南京市', 10 ** 9]]) });
  });
});

describe('WAL-2 pinProof: what proves the owner sets the PIN', () => {
  it('asks the old PIN to change one, whatever else is given', () => {
    expect(pinProof(true, { oldPin: '246810', password: 'x' })).toEqual({ kind: 'old_pin', oldPin: '246810' });
    expect(pinProof(true, { password: 'Owner#2026', smsCode: '123456' })).toEqual({ kind: 'missing', field: 'oldPin' });
  });

  it('asks the password or an SMS code for a first one, never the access token alone', () => {
    expect(pinProof(false, {})).toEqual({ kind: 'missing', field: 'password' });
    expect(pinProof(false, { oldPin: '246810' })).toEqual({ kind: 'missing', field: 'password' });
    expect(pinProof(false, { password: 'Owner#2026' })).toEqual({ kind: 'password', password: 'Owner#2026' });
    expect(pinProof(false, { smsCode: '123456' })).toEqual({ kind: 'sms_code', smsCode: '123456' });
  });
});

describe('WAL-2 judgePin', () => {
  const salt = Buffer.alloc(16, 7);
  const stored = { salt, hash: hashPin('246810', salt, 'key') };
  const free = { lockedUntil: null, failures: 0 };

  it('lets the right PIN through, and forgives the wrong ones counted before it', () => {
    expect(judgePin(free, stored, '246810', 'key')).toEqual({ ok: true, forgive: false });
    expect(judgePin({ lockedUntil: null, failures: 3 }, stored, '246810', 'key')).toEqual({ ok: true, forgive: true });
  });

  it('refuses even the right PIN while payments are locked', () => {
    const until = new Date('2026-06-01T00:30:00Z');
    expect(judgePin({ lockedUntil: until, failures: 0 }, stored, '246810', 'key')).toEqual({
      ok: false,
      reason: 'locked',
      until,
    });
  });

  it('tells a wrong PIN, a PIN under another key, and no PIN set apart', () => {
    expect(judgePin(free, stored, '135790', 'key')).toEqual({ ok: false, reason: 'wrong' });
    expect(judgePin(free, stored, '246810', 'another key')).toEqual({ ok: false, reason: 'wrong' });
    expect(judgePin(free, null, '246810', 'key')).toEqual({ ok: false, reason: 'no_pin' });
  });
});

describe('WAL-3 the ledger balances', () => {
  const totals = { issued: 1_000, balances: 600, paid: 500, refunded: 200, forfeited: 50, expired: 30, reclaimed: 20 };

  it('when every fen issued is on a voucher, paid less what came back, forfeited, expired or reclaimed', () => {
    expect(ledgerBalances(totals)).toBe(true);
  });

  it.each(['issued', 'balances', 'paid', 'refunded', 'forfeited', 'expired', 'reclaimed'] as const)(
    'not when one fen of %s is missing or extra',
    (kind) => {
      expect(ledgerBalances({ ...totals, [kind]: totals[kind] + 1 })).toBe(false);
    },
  );
});

describe('WAL-1: the bag’s tabs', () => {
  it.each(voucherStates)('shows a %s voucher within its validity under its own state', (state) => {
    expect(shownState(state, false)).toBe(state);
  });

  it('shows an available voucher past its expiry as expired, before the expiry job writes it (WAL-6)', () => {
    expect(shownState('available', true)).toBe('expired');
  });

  it.each(['used', 'expired', 'reclaimed'] as const)('keeps a %s voucher past its expiry under %s', (state) => {
    expect(shownState(state, true)).toBe(state);
  });

  it('lists under available only the available vouchers within their validity', () => {
    expect(standingsUnderTab('available')).toEqual([{ state: 'available', lapsed: false }]);
  });

  it('lists under expired the expired ones and the available ones past their expiry', () => {
    expect(standingsUnderTab('expired')).toEqual(
      expect.arrayContaining([
        { state: 'expired', lapsed: false },
        { state: 'expired', lapsed: true },
        { state: 'available', lapsed: true },
      ]),
    );
    expect(standingsUnderTab('expired')).toHaveLength(3);
  });

  it('lists every stored standing under exactly one tab, the one it shows', () => {
    const listed = voucherStates.flatMap((tab) => standingsUnderTab(tab).map((s) => ({ ...s, tab })));
    expect(listed).toHaveLength(voucherStates.length * 2);
    for (const s of listed) expect(shownState(s.state, s.lapsed)).toBe(s.tab);
  });
});
