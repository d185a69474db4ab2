import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { productStates, type DataOf, type catalogEvents, type settlementEvents } from '@voucher/contracts';
import { productReviews } from '../src/domain/product-reviews.ts';
import { settlementSteps } from '../src/domain/settlement-steps.ts';
import { goesBySms } from '../src/domain/sms.ts';
import { compose, templates } from '../src/domain/templates.ts';

/** Issue 18 item 2: a product's review at each stage (CAT-3) and a redemption's steps (SET-3), for the provider. */
describe('product review results at each stage (CAT-3), for the provider’s main account', () => {
  const providerId = uuidv7();
  const moved = (
    from: DataOf<typeof catalogEvents.productReviewMoved>['from'],
    to: DataOf<typeof catalogEvents.productReviewMoved>['to'],
    reason: string | null = null,
  ): DataOf<typeof catalogEvents.productReviewMoved> => ({
    productId: uuidv7(),
    providerId,
    productName: '上云用云方案',
    from,
    to,
    reason,
    at: new Date().toISOString(),
  });
  const product = { productName: '上云用云方案' };

  it('tells each stage passed, and the listing', () => {
    expect(productReviews.reviewMoved(moved('operator_review', 'expert_review'))).toEqual([
      { userId: providerId, template: 'product.passed_operator_review', params: product },
    ]);
    expect(productReviews.reviewMoved(moved('expert_review', 'final_review'))).toEqual([
      { userId: providerId, template: 'product.passed_expert_review', params: product },
    ]);
    expect(productReviews.reviewMoved(moved('final_review', 'listed'))).toEqual([
      { userId: providerId, template: 'product.listed', params: product },
    ]);
  });

  it('tells a rejection at any stage with the reviewer’s reason, and refuses one without', () => {
    for (const stage of ['operator_review', 'expert_review', 'final_review'] as const) {
      expect(productReviews.reviewMoved(moved(stage, 'rejected', '缺少报价依据'))).toEqual([
        { userId: providerId, template: 'product.rejected', params: { ...product, reason: '缺少报价依据' } },
      ]);
    }
    expect(() => productReviews.reviewMoved(moved('operator_review', 'rejected'))).toThrow(/no reason/);
  });

  it('tells nothing of the provider’s own acts: submit, withdraw, edit, its own delisting', () => {
    const told = new Set(['expert_review', 'final_review', 'listed', 'rejected']);
    for (const from of productStates) {
      for (const to of productStates) {
        if (told.has(to)) continue;
        expect(productReviews.reviewMoved(moved(from, to))).toEqual([]);
      }
    }
    // a move that skips no stage only: a listing straight from the operator is no review result
    expect(productReviews.reviewMoved(moved('draft', 'listed'))).toEqual([]);
  });

  const delisted = (forced: boolean, reason: string | null): DataOf<typeof catalogEvents.productDelisted> => ({
    productId: uuidv7(),
    providerId,
    productName: '上云用云方案',
    forced,
    reason,
    at: new Date().toISOString(),
  });

  it('tells a force-delisting with its reason; the provider’s own delisting is not told back', () => {
    expect(productReviews.delisted(delisted(true, '资质过期'))).toEqual([
      { userId: providerId, template: 'product.force_delisted', params: { ...product, reason: '资质过期' } },
    ]);
    expect(productReviews.delisted(delisted(false, null))).toEqual([]);
    expect(() => productReviews.delisted(delisted(true, null))).toThrow(/no reason/);
  });

  it('is not essential and goes by no SMS', () => {
    const keys = Object.keys(templates).filter((k) => k.startsWith('product.')) as (keyof typeof templates)[];
    expect(keys).toHaveLength(5);
    for (const key of keys) {
      expect(templates[key].kind).toBe('product_review');
      expect(goesBySms({ kind: 'product_review', template: key })).toBe(false);
    }
  });
});

describe('redemption applications at each review step, and the payment recorded (SET-3), for the provider', () => {
  const providerId = uuidv7();
  const step = (
    to: DataOf<typeof settlementEvents.submitted>['to'],
    extra: Partial<DataOf<typeof settlementEvents.submitted>> = {},
  ): DataOf<typeof settlementEvents.submitted> => ({
    applicationId: uuidv7(),
    kind: 'voucher',
    providerId,
    amount: 1_234_505,
    from: 'submitted',
    to,
    by: { userId: uuidv7(), role: 'finance' },
    reason: null,
    at: new Date().toISOString(),
    ...extra,
  });

  it('tells the assessment and the payment approval, with the amount in yuan', () => {
    expect(settlementSteps.assessed(step('assessed'))).toEqual([
      { userId: providerId, template: 'settlement.assessed', params: { amount: '12345.05' } },
    ]);
    expect(settlementSteps.paymentApproved(step('payment_approved', { from: 'assessed' }))).toEqual([
      { userId: providerId, template: 'settlement.payment_approved', params: { amount: '12345.05' } },
    ]);
  });

  it('tells a rejection with its reason, and refuses one without', () => {
    expect(settlementSteps.rejected(step('rejected', { reason: '发票抬头不符' }))).toEqual([
      { userId: providerId, template: 'settlement.rejected', params: { amount: '12345.05', reason: '发票抬头不符' } },
    ]);
    expect(() => settlementSteps.rejected(step('rejected'))).toThrow(/no reason/);
  });

  it('tells the payment recorded with its transfer, by SMS too; an older event’s transfer is read from its reason', () => {
    const drafts = settlementSteps.paid(
      step('paid', {
        from: 'payment_approved',
        reason: 'transfer HX20261125001 on 2026-11-25',
        transfer: { reference: 'HX20261125001', paidOn: '2026-11-25' },
      }),
    );
    expect(drafts).toEqual([
      {
        userId: providerId,
        template: 'settlement.paid',
        params: { amount: '12345.05', reference: 'HX20261125001', paidOn: '2026-11-25' },
      },
    ]);
    const message = compose(drafts[0]!);
    expect(message.kind).toBe('settlement_step');
    expect(goesBySms(message)).toBe(true);
    expect(message.body['zh-CN']).toBe(
      '您的兑付申请款项12345.05元已于2026-11-25转账支付（转账流水号HX20261125001），请核对到账后确认收款。',
    );

    const older = step('paid', { from: 'payment_approved', reason: 'transfer A 1/2 on 2026-11-26' });
    delete (older as { transfer?: unknown }).transfer;
    expect(settlementSteps.paid(older)[0]!.params).toEqual({
      amount: '12345.05',
      reference: 'A 1/2',
      paidOn: '2026-11-26',
    });
    expect(() => settlementSteps.paid(step('paid'))).toThrow(/no transfer/);
  });

  it('texts only the payment', () => {
    for (const key of ['settlement.assessed', 'settlement.payment_approved', 'settlement.rejected'] as const) {
      expect(goesBySms({ kind: 'settlement_step', template: key })).toBe(false);
    }
  });
});
