import { describe, expect, it } from 'vitest';
import { redemptionStates, type RedemptionState, type Role } from '@voucher/contracts';
import { decideChain, type ChainAction } from '../src/domain/review-chain.ts';
import { goodRate, mergeVoucherFigures } from '../src/domain/statistics.ts';
import { whyBankAccountRefused } from '../src/domain/bank-account.ts';

describe('SET-3 review chain, every allowed step', () => {
  it.each<[RedemptionState, ChainAction, Role, RedemptionState, boolean]>([
    ['submitted', 'assess', 'approver', 'assessed', false],
    ['assessed', 'approve_payment', 'finance', 'payment_approved', false],
    ['payment_approved', 'pay', 'finance', 'paid', false],
    ['paid', 'confirm', 'provider', 'confirmed', false],
    ['paid', 'confirm', 'provider_staff', 'confirmed', false],
    ['submitted', 'reject', 'approver', 'rejected', true],
    ['assessed', 'reject', 'finance', 'rejected', true],
    ['submitted', 'assess', 'admin', 'assessed', false],
  ])('%s --%s by %s--> %s (lines released: %s)', (state, action, role, to, releaseLines) => {
    expect(decideChain(state, action, role)).toEqual({ to, releaseLines });
  });
});

describe('SET-3 review chain, every refused step', () => {
  const from: Record<Exclude<ChainAction, 'reject'>, RedemptionState> = {
    assess: 'submitted',
    approve_payment: 'assessed',
    pay: 'payment_approved',
    confirm: 'paid',
  };
  const role: Record<Exclude<ChainAction, 'reject'>, Role> = {
    assess: 'approver',
    approve_payment: 'finance',
    pay: 'finance',
    confirm: 'provider',
  };
  const wrongState = (Object.keys(from) as Exclude<ChainAction, 'reject'>[]).flatMap((a) =>
    redemptionStates.filter((s) => s !== from[a]).map((s) => [a, s] as const),
  );
  it.each(wrongState)('refuses %s in %s', (action, state) => {
    expect(decideChain(state, action, role[action])).toMatchObject({ refused: 'INVALID_STATE', state });
  });
  it.each<[ChainAction, RedemptionState, Role]>([
    ['assess', 'submitted', 'finance'],
    ['assess', 'submitted', 'provider'],
    ['approve_payment', 'assessed', 'approver'],
    ['pay', 'payment_approved', 'approver'],
    ['pay', 'payment_approved', 'provider'],
    ['confirm', 'paid', 'finance'],
    ['confirm', 'paid', 'admin'],
    ['reject', 'submitted', 'finance'],
    ['reject', 'assessed', 'approver'],
  ])('refuses %s in %s by the %s', (action, state, r) => {
    expect(decideChain(state, action, r)).toMatchObject({ refused: 'FORBIDDEN' });
  });
  it.each<RedemptionState>(['payment_approved', 'paid', 'confirmed', 'rejected'])(
    'refuses a rejection in %s',
    (state) => {
      expect(decideChain(state, 'reject', 'finance')).toMatchObject({ refused: 'INVALID_STATE' });
    },
  );
});

describe('SET-6 statistics, pure parts', () => {
  it('merges the wallet’s figures with the redemptions per key, a key missing on either side counting 0', () => {
    const rows = mergeVoucherFigures(
      [{ key: 'CERT', issuedCount: 2, issued: 400_000, used: 120_000, forfeited: 0, expired: 0, reclaimed: 0 }],
      new Map([
        ['CERT', 100_000],
        ['AUDIT', 5_000],
      ]),
      (k) => `券${k}`,
    );
    expect(rows).toEqual([
      {
        key: 'AUDIT',
        label: '券AUDIT',
        issuedCount: 0,
        issued: 0,
        used: 0,
        forfeited: 0,
        expired: 0,
        reclaimed: 0,
        redeemed: 5_000,
      },
      {
        key: 'CERT',
        label: '券CERT',
        issuedCount: 2,
        issued: 400_000,
        used: 120_000,
        forfeited: 0,
        expired: 0,
        reclaimed: 0,
        redeemed: 100_000,
      },
    ]);
  });
  it('rates good evaluations in percent with one decimal', () => {
    expect([goodRate(2, 3), goodRate(0, 0), goodRate(3, 3)]).toEqual([66.7, 0, 100]);
  });
});

describe('SET-5 a general voucher’s first review is an operator’s', () => {
  it('lets the operator assess or reject it, and not the approver', () => {
    expect(decideChain('submitted', 'assess', 'operator', 'general')).toEqual({ to: 'assessed', releaseLines: false });
    expect(decideChain('submitted', 'reject', 'operator', 'general')).toEqual({ to: 'rejected', releaseLines: true });
    expect(decideChain('submitted', 'assess', 'approver', 'general')).toMatchObject({ refused: 'FORBIDDEN' });
    expect(decideChain('submitted', 'assess', 'operator', 'voucher')).toMatchObject({ refused: 'FORBIDDEN' });
    expect(decideChain('assessed', 'approve_payment', 'finance', 'general')).toEqual({
      to: 'payment_approved',
      releaseLines: false,
    });
  });
});

describe('SET-1: the bank accounts a provider keeps', () => {
  const holder = { companyName: '济南慧通信息技术有限公司', certified: true };
  const account = (bank = '中国工商银行', accountName = holder.companyName) => ({ bank, accountName });

  it('accepts an account in the certified provider’s name at any bank when the programme lists none', () => {
    expect(whyBankAccountRefused(account('某某村镇银行'), [], holder)).toBeNull();
  });

  it('accepts an account at one of the programme’s banks', () => {
    expect(whyBankAccountRefused(account(), ['中国工商银行', '中国建设银行'], holder)).toBeNull();
  });

  it('refuses a bank the programme does not list, naming the bank field', () => {
    expect(whyBankAccountRefused(account('某某村镇银行'), ['中国工商银行'], holder)).toMatchObject({
      refused: 'VALIDATION_FAILED',
      fields: [{ path: 'bank' }],
    });
  });

  it('refuses a provider not certified, or never certified', () => {
    expect(whyBankAccountRefused(account(), [], { ...holder, certified: false })).toMatchObject({
      refused: 'NOT_QUALIFIED',
    });
    expect(whyBankAccountRefused(account(), [], undefined)).toMatchObject({ refused: 'NOT_QUALIFIED' });
  });

  it('refuses an account name that is not the provider’s, naming the accountName field', () => {
    expect(whyBankAccountRefused(account('中国工商银行', '别人的公司'), [], holder)).toMatchObject({
      refused: 'VALIDATION_FAILED',
      fields: [{ path: 'accountName' }],
    });
  });
});
