import { describe, expect, it } from 'vitest';
import { productContentSchema, productStates, type ProductContent, type ProductState } from '@voucher/contracts';
import { decideReview, type ReviewAction } from '../src/domain/listing-review.ts';
import { productCountsByState } from '../src/domain/products-by-state.ts';
import { missingForSubmission, priceRange } from '../src/domain/submission.ts';
import { indexTerms, queryPhrases, queryTerms } from '../src/domain/search-terms.ts';

const submit: ReviewAction = { kind: 'submit', providerCertified: true };

describe('CAT-3 listing review, every allowed transition', () => {
  it.each<[ProductState, boolean, ReviewAction, ProductState, string]>([
    ['draft', false, submit, 'operator_review', 'keep'],
    ['rejected', false, submit, 'operator_review', 'keep'],
    ['withdrawn', false, submit, 'operator_review', 'keep'],
    ['delisted', false, submit, 'operator_review', 'keep'],
    ['draft', true, submit, 'operator_review', 'keep'],
    ['operator_review', false, { kind: 'approve', role: 'operator' }, 'expert_review', 'keep'],
    ['expert_review', false, { kind: 'approve', role: 'expert' }, 'final_review', 'keep'],
    ['final_review', false, { kind: 'approve', role: 'approver' }, 'listed', 'publish'],
    ['final_review', true, { kind: 'approve', role: 'approver' }, 'listed', 'publish'],
    ['operator_review', false, { kind: 'approve', role: 'admin' }, 'expert_review', 'keep'],
    ['operator_review', false, { kind: 'reject', role: 'operator' }, 'rejected', 'keep'],
    ['expert_review', true, { kind: 'reject', role: 'expert' }, 'rejected', 'keep'],
    ['final_review', false, { kind: 'reject', role: 'approver' }, 'rejected', 'keep'],
    ['operator_review', false, { kind: 'withdraw' }, 'withdrawn', 'keep'],
    ['expert_review', true, { kind: 'withdraw' }, 'withdrawn', 'keep'],
    ['final_review', false, { kind: 'withdraw' }, 'withdrawn', 'keep'],
    ['draft', false, { kind: 'edit' }, 'draft', 'keep'],
    ['listed', true, { kind: 'edit' }, 'draft', 'keep'],
    ['rejected', true, { kind: 'edit' }, 'draft', 'keep'],
    ['delisted', false, { kind: 'edit' }, 'draft', 'keep'],
    ['listed', true, { kind: 'delist' }, 'delisted', 'remove'],
    ['draft', true, { kind: 'delist' }, 'delisted', 'remove'],
    ['listed', true, { kind: 'force_delist' }, 'delisted', 'remove'],
    ['expert_review', true, { kind: 'force_delist' }, 'delisted', 'remove'],
  ])('%s (listed: %s) --%o--> %s, listing %s', (state, listed, action, to, listing) => {
    expect(decideReview(state, listed, action)).toMatchObject({ to, listing });
  });

  it('records the stage a review decision was taken at', () => {
    expect(decideReview('expert_review', false, { kind: 'reject', role: 'expert' })).toMatchObject({ stage: 'expert' });
  });
});

describe('CAT-3 listing review, every refused transition', () => {
  const reviewStates: ProductState[] = ['operator_review', 'expert_review', 'final_review'];
  it.each(productStates.filter((s) => !['draft', 'rejected', 'withdrawn', 'delisted'].includes(s)))(
    'refuses to submit from %s',
    (state) => {
      expect(decideReview(state, false, submit)).toMatchObject({ refused: 'INVALID_STATE', state });
    },
  );
  it('refuses a submission by a provider that is not certified', () => {
    expect(decideReview('draft', false, { kind: 'submit', providerCertified: false })).toMatchObject({
      refused: 'NOT_QUALIFIED',
    });
  });
  it.each(reviewStates)('refuses to edit a product under %s (withdraw it first)', (state) => {
    expect(decideReview(state, false, { kind: 'edit' })).toMatchObject({ refused: 'INVALID_STATE' });
  });
  it.each(productStates.filter((s) => !reviewStates.includes(s)))('refuses to withdraw from %s', (state) => {
    expect(decideReview(state, true, { kind: 'withdraw' })).toMatchObject({ refused: 'INVALID_STATE' });
  });
  it.each(productStates.filter((s) => !reviewStates.includes(s)))('refuses to approve or reject in %s', (state) => {
    expect(decideReview(state, false, { kind: 'approve', role: 'approver' })).toMatchObject({
      refused: 'INVALID_STATE',
    });
    expect(decideReview(state, false, { kind: 'reject', role: 'approver' })).toMatchObject({
      refused: 'INVALID_STATE',
    });
  });
  it.each<[ProductState, string]>([
    ['operator_review', 'expert'],
    ['operator_review', 'approver'],
    ['expert_review', 'operator'],
    ['expert_review', 'approver'],
    ['final_review', 'operator'],
    ['final_review', 'expert'],
  ])('refuses a review of %s by the %s: each stage has its reviewer', (state, role) => {
    expect(decideReview(state, false, { kind: 'approve', role: role as 'expert' })).toMatchObject({
      refused: 'FORBIDDEN',
    });
    expect(decideReview(state, false, { kind: 'reject', role: role as 'expert' })).toMatchObject({
      refused: 'FORBIDDEN',
    });
  });
  it.each(productStates)('refuses to delist a product that is not listed (%s)', (state) => {
    expect(decideReview(state, false, { kind: 'delist' })).toMatchObject({ refused: 'INVALID_STATE' });
    expect(decideReview(state, false, { kind: 'force_delist' })).toMatchObject({ refused: 'INVALID_STATE' });
  });
  it.each(reviewStates)('refuses a provider delisting while an edit is in %s', (state) => {
    expect(decideReview(state, true, { kind: 'delist' })).toMatchObject({ refused: 'INVALID_STATE' });
  });
});

const complete = (over: Partial<ProductContent> = {}): ProductContent => ({
  name: '两化融合贯标咨询',
  relatedProductName: '贯标咨询',
  category: '咨询服务',
  tags: ['贯标'],
  thumbnailFileId: '0190f3c1-0000-7000-8000-000000000001',
  solutionTypes: ['咨询'],
  industries: ['制造业'],
  historicalPrice: { min: 1, max: 2 },
  deliveryDays: 10,
  deliveryPersonDays: 5,
  cases: [1, 2, 3].map(() => ({
    customer: 'x',
    customerAnnualOutput: 1,
    saleAmount: 1,
    deliveryMonths: 1,
    documentFileId: '0190f3c1-0000-7000-8000-000000000002',
  })),
  contact: { name: '王', mobile: '13900000000' },
  detail: { highlights: [], description: 'd', screenshotFileIds: [] },
  support: 's',
  region: '南京市',
  specs: [{ name: 'a', purchaseMode: 'per_year', pricing: 'simple', price: 100 }],
  ...over,
});

describe('CAT-1 what a submission needs', () => {
  it('finds nothing missing in a complete product', () => {
    expect(missingForSubmission(complete())).toEqual([]);
  });
  it('names every missing field of a bare draft at once', () => {
    const missing = missingForSubmission({ name: '只有名字' }).map((m) => m.path);
    expect(missing).toEqual(
      expect.arrayContaining(['category', 'thumbnailFileId', 'cases', 'specs', 'contact', 'region', 'support']),
    );
    expect(missing).toHaveLength(15);
  });
  it('asks for exactly three case studies', () => {
    expect(missingForSubmission(complete({ cases: complete().cases!.slice(0, 2) }))).toEqual([
      { path: 'cases', message: 'exactly 3 case studies' },
    ]);
  });
});

describe('CAT-1/2 product content validation', () => {
  const problems = (over: Record<string, unknown>) => {
    const r = productContentSchema.safeParse({ ...complete(), ...over });
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  it('accepts a complete product', () => expect(problems({})).toEqual([]));
  it('refuses four case studies', () =>
    expect(problems({ cases: [...complete().cases!, complete().cases![0]] })).toEqual(['cases']));
  it('refuses six solution types and four industries', () => {
    expect(problems({ solutionTypes: ['a', 'b', 'c', 'd', 'e', 'f'] })).toEqual(['solutionTypes']);
    expect(problems({ industries: ['a', 'b', 'c', 'd'] })).toEqual(['industries']);
  });
  it.each([
    ['negative', -100],
    ['fractional', 100.5],
  ])('refuses a %s price', (_what, price) => {
    expect(problems({ specs: [{ name: 'a', purchaseMode: 'per_year', pricing: 'simple', price }] })).toEqual([
      'specs.0.price',
    ]);
  });
  it('refuses a priced spec without a price, and a free spec with one', () => {
    expect(problems({ specs: [{ name: 'a', purchaseMode: 'per_year', pricing: 'simple' }] })).toEqual([
      'specs.0.price',
    ]);
    expect(problems({ specs: [{ name: 'a', purchaseMode: 'per_year', pricing: 'free', price: 5 }] })).toEqual([
      'specs.0.price',
    ]);
  });
  it('refuses a maximum voucher amount above the dearest spec', () => {
    const voucherTerms = { acceptedCategories: ['CERT'], maxVoucherPerUnit: 101, annualLimitPerEnterprise: 1 };
    expect(problems({ voucherTerms })).toEqual(['voucherTerms.maxVoucherPerUnit']);
    expect(problems({ voucherTerms: { ...voucherTerms, maxVoucherPerUnit: 100 } })).toEqual([]);
  });
  it('refuses a contact with neither mobile nor email, and an unknown category', () => {
    expect(problems({ contact: { name: '王' } })).toEqual(['contact.mobile']);
    expect(problems({ category: '房地产' })).toEqual(['category']);
  });
  it('prices a product by its cheapest and dearest spec, a free one at 0', () => {
    expect(
      priceRange(
        complete({
          specs: [
            { name: 'a', purchaseMode: 'per_year', pricing: 'simple', price: 500 },
            { name: 'b', purchaseMode: 'per_month', pricing: 'free' },
          ],
        }),
      ),
    ).toEqual({ min: 0, max: 500 });
  });
});

describe('CAT-4 Chinese and Latin search terms', () => {
  it('indexes Han text by characters and pairs, Latin by word prefixes', () => {
    const terms = indexTerms('ISO14001环境认证');
    expect(terms).toEqual(expect.arrayContaining(['环', '环境', '境认', '认证', 'iso', 'iso14001', '14001', 'i']));
  });
  it('asks for the pairs of a Han query, or its one character', () => {
    expect(queryTerms('环境认证')).toEqual(['环境', '境认', '认证']);
    expect(queryTerms('券')).toEqual(['券']);
  });
  it('folds full-width letters and case', () => {
    expect(queryTerms('ＩＳＯ')).toEqual(['iso']);
    expect(indexTerms('Iso')).toContain('iso');
  });
  it('checks verbatim only the Han runs whose pairs could sit apart', () => {
    expect(queryPhrases('ISO-14001 环境，认证')).toEqual([]);
    expect(queryPhrases('数字化 转型，iso')).toEqual(['数字化']);
  });
  it('every query term of a substring is among the index terms of the text', () => {
    const text = '中小企业数字化转型诊断服务 DCMM贯标';
    for (const q of ['数字化', '转型诊断', '诊', 'dcmm', '贯标', '企业数字']) {
      const index = new Set(indexTerms(text));
      expect(queryTerms(q).every((t) => index.has(t))).toBe(true);
    }
  });
  it('has no terms for a query of punctuation alone', () => {
    expect(queryTerms('——！')).toEqual([]);
  });
});

describe('CAT-5: a provider’s products by state', () => {
  const counted = [
    { state: 'listed' as const, n: 3 },
    { state: 'draft' as const, n: 2 },
    { state: 'rejected' as const, n: 1 },
  ];

  it('counts every state of the review, an empty one as 0', () => {
    const { counts } = productCountsByState(counted, undefined);
    expect(Object.keys(counts).sort()).toEqual([...productStates].sort());
    expect(counts).toMatchObject({ listed: 3, draft: 2, rejected: 1, operator_review: 0, withdrawn: 0, delisted: 0 });
  });

  it('totals all of them when no state is chosen', () => {
    expect(productCountsByState(counted, undefined).total).toBe(6);
  });

  it('totals the state shown when one is chosen, 0 for an empty one', () => {
    expect(productCountsByState(counted, 'draft').total).toBe(2);
    expect(productCountsByState(counted, 'delisted').total).toBe(0);
  });

  it('counts a provider without products as 0 everywhere', () => {
    const { counts, total } = productCountsByState([], undefined);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(total).toBe(0);
  });
});
