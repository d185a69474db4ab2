import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { messageLocales, SMS_TEXT_MAX_LENGTH, type DataOf, type orderEvents } from '@voucher/contracts';
import { orderSteps } from '../src/domain/order-steps.ts';
import { reviewResults } from '../src/domain/review-results.ts';
import { goesBySms, smsTextOf } from '../src/domain/sms.ts';
import { compose, templates, type Template, type TemplateKey } from '../src/domain/templates.ts';

/**
 * Each variable filled with a value that cannot occur by chance in a
 * template's own words: a string names its variable, a number is odd enough.
 */
function sampleParams(t: Template): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(t.params.shape).map(([name, schema], i) => [
      name,
      schema instanceof z.ZodNumber ? 7301 + i * 11 : `«${name}»`,
    ]),
  );
}

/** What is wrong with a template, language by language: an empty text, a variable left out, one never given. */
function templateProblems(t: Template): string[] {
  const params = sampleParams(t);
  return messageLocales.flatMap((locale) => {
    const { title, body } = t.write[locale](params as never);
    const text = `${title}\n${body}`;
    return [
      ...(title.trim() === '' || body.trim() === '' ? [`${locale}: empty title or body`] : []),
      ...Object.entries(params)
        .filter(([, value]) => !text.includes(String(value)))
        .map(([name]) => `${locale}: ${name} is not in the text`),
      ...(/undefined|null|NaN|\[object |\$\{|\{\{/.test(text) ? [`${locale}: a variable was not filled`] : []),
    ];
  });
}

describe('templates (issue 18: a template missing a variable fails its own test, not at send time)', () => {
  it.each(Object.keys(templates))('%s fills every variable, in Chinese and in English', (key) => {
    const t = templates[key as keyof typeof templates] as unknown as Template;
    expect(templateProblems(t)).toEqual([]);
  });

  it('would catch a language that leaves a variable out, and a variable the template was never given', () => {
    const broken: Template = {
      kind: 'review_result',
      params: z.object({ companyName: z.string(), year: z.number() }),
      write: {
        'zh-CN': (p) => ({ title: '通过', body: `${p.companyName}${(p as Record<string, unknown>).reason}` }),
        en: (p) => ({ title: 'Approved', body: `${p.companyName} in ${p.year}` }),
      },
    };
    expect(templateProblems(broken)).toEqual(['zh-CN: year is not in the text', 'zh-CN: a variable was not filled']);
  });

  it('writes a draft out in both languages, with the kind of its template and the variables it was written from', () => {
    const userId = uuidv7();
    expect(
      compose({ userId, template: 'voucher_qualification.rejected', params: { year: 2026, reason: '材料不全' } }),
    ).toEqual({
      userId,
      kind: 'review_result',
      template: 'voucher_qualification.rejected',
      params: { year: 2026, reason: '材料不全' },
      title: { 'zh-CN': '2026年度服务券资格未通过', en: 'Voucher qualification for 2026 not approved' },
      body: {
        'zh-CN': '您的2026年度服务券资格申请未通过审核，请修改后重新提交。原因：材料不全',
        en: 'Your 2026 voucher qualification was not approved; please correct it and submit it again. Reason: 材料不全',
      },
    });
  });
});

describe('review results go to the applicant (issue 18 item 2; QUA-9: a company’s id is its user id)', () => {
  const at = new Date().toISOString();
  const applicationId = uuidv7();
  const company = {
    companyName: '南京通知科技有限公司',
    creditCode: '91320102MA1W7XKQ3N',
    applicationId,
    at,
  };

  it('tells a certified enterprise, by its own account, with the company’s name (QUA-1)', () => {
    const enterpriseId = uuidv7();
    const facts = { ...company, enterpriseId, district: '玄武区', city: '南京市', size: 'small' as const };
    expect(reviewResults.enterpriseCertified(facts)).toEqual([
      {
        userId: enterpriseId,
        template: 'enterprise_certification.approved',
        params: { companyName: '南京通知科技有限公司' },
      },
    ]);
  });

  it('tells a certified provider’s main account (QUA-3)', () => {
    const providerId = uuidv7();
    const facts = { ...company, providerId, region: { scope: 'province' as const }, serviceScopes: ['诊断咨询'] };
    expect(reviewResults.providerCertified(facts)).toEqual([
      { userId: providerId, template: 'provider_certification.approved', params: { companyName: company.companyName } },
    ]);
  });

  it('tells a qualified enterprise for which programme year (QUA-4)', () => {
    const enterpriseId = uuidv7();
    const facts = {
      ...company,
      enterpriseId,
      year: 2026,
      district: '玄武区',
      city: '南京市',
      size: 'small' as const,
      complete: true,
    };
    expect(reviewResults.voucherQualificationApproved(facts)).toEqual([
      {
        userId: enterpriseId,
        template: 'voucher_qualification.approved',
        params: { companyName: company.companyName, year: 2026 },
      },
    ]);
  });

  const refusal = (kind: 'enterprise_certification' | 'provider_certification' | 'voucher_qualification') => ({
    applicantId: uuidv7(),
    applicationId,
    kind,
    year: kind === 'voucher_qualification' ? 2026 : null,
    reason: '营业执照不清晰',
    by: uuidv7(),
    at,
  });

  it.each([
    ['enterpriseRejected', 'enterprise_certification', 'enterprise_certification.rejected', {}],
    ['providerRejected', 'provider_certification', 'provider_certification.rejected', {}],
    ['voucherQualificationRejected', 'voucher_qualification', 'voucher_qualification.rejected', { year: 2026 }],
  ] as const)('tells the applicant of a refusal (%s) the reviewer’s reason', (result, kind, template, extra) => {
    const data = refusal(kind);
    expect(reviewResults[result](data)).toEqual([
      { userId: data.applicantId, template, params: { reason: '营业执照不清晰', ...extra } },
    ]);
  });

  it('cannot write a voucher-qualification refusal that names no programme year: the event is broken', () => {
    expect(() =>
      reviewResults.voucherQualificationRejected({ ...refusal('voucher_qualification'), year: null }),
    ).toThrow(/no programme year/);
  });
});

describe('each order step goes to the party that must act next (issue 18 item 2, ORD-2)', () => {
  const enterpriseId = uuidv7();
  const providerId = uuidv7();
  type Step = DataOf<typeof orderEvents.accepted>;
  const step = (from: Step['from'], to: Step['to'], by: Step['by'], reason: string | null = null): Step => ({
    orderId: uuidv7(),
    orderNo: '202612062120001230000001',
    enterpriseId,
    providerId,
    productId: uuidv7(),
    productName: 'ISO9001质量管理体系认证',
    from,
    to,
    by,
    reason,
    at: new Date().toISOString(),
  });
  const theEnterprise = { userId: enterpriseId, role: 'enterprise' };
  const theProvider = { userId: providerId, role: 'provider' };
  const order = { productName: 'ISO9001质量管理体系认证', orderNo: '202612062120001230000001' };
  /** the provider's staff who hold the `orders` menu (ID-8) */
  const staff = [uuidv7(), uuidv7()];

  it('tells the provider’s main account of an order waiting for it, once paid (vouchers settled, a receipt if cash is due)', () => {
    expect(orderSteps.awaitingProvider(step('pending_payment', 'awaiting_provider', theEnterprise), [])).toEqual([
      { userId: providerId, template: 'order.awaiting_provider', params: order },
    ]);
  });

  it('tells the provider’s staff with the orders menu too, each in its own inbox (ID-8)', () => {
    const told = (drafts: { userId: string; template: string }[]) => drafts.map((d) => [d.userId, d.template]);
    expect(
      told(orderSteps.awaitingProvider(step('pending_payment', 'awaiting_provider', theEnterprise), staff)),
    ).toEqual([providerId, ...staff].map((id) => [id, 'order.awaiting_provider']));
    expect(told(orderSteps.placed(step(null, 'awaiting_provider', theEnterprise), staff))).toEqual(
      [providerId, ...staff].map((id) => [id, 'order.awaiting_provider']),
    );
    expect(told(orderSteps.inService(step('delivered', 'in_service', theEnterprise, '文件未交付'), staff))).toEqual(
      [providerId, ...staff].map((id) => [id, 'order.not_completed']),
    );
  });

  it('tells the provider of a placement only when nothing is to be paid first (a free spec)', () => {
    expect(orderSteps.placed(step(null, 'pending_payment', theEnterprise), staff)).toEqual([]);
    expect(orderSteps.placed(step(null, 'awaiting_provider', theEnterprise), [])).toEqual([
      { userId: providerId, template: 'order.awaiting_provider', params: order },
    ]);
  });

  it('tells the enterprise of an acceptance and of a delivery', () => {
    expect(orderSteps.accepted(step('awaiting_provider', 'accepted', theProvider))).toEqual([
      { userId: enterpriseId, template: 'order.accepted', params: order },
    ]);
    expect(orderSteps.delivered(step('in_service', 'delivered', { userId: uuidv7(), role: 'provider_staff' }))).toEqual(
      [{ userId: enterpriseId, template: 'order.delivered', params: order }],
    );
  });

  it('tells the enterprise of a decline by the provider or its staff, with the reason, and of no other cancel', () => {
    for (const by of [theProvider, { userId: uuidv7(), role: 'provider_staff' }]) {
      expect(orderSteps.cancelled(step('awaiting_provider', 'cancelled', by, '档期已满'))).toEqual([
        { userId: enterpriseId, template: 'order.declined', params: { ...order, reason: '档期已满' } },
      ]);
    }
    expect(
      orderSteps.cancelled(step('awaiting_provider', 'cancelled', theEnterprise, 'cancelled by the enterprise')),
    ).toEqual([]);
    const system = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };
    expect(orderSteps.cancelled(step('accepted', 'cancelled', system, 'no contract within 30 days'))).toEqual([]);
    expect(orderSteps.cancelled(step('pending_payment', 'cancelled', system))).toEqual([]);
  });

  it('cannot write a decline that names no reason: the event is broken', () => {
    expect(() => orderSteps.cancelled(step('awaiting_provider', 'cancelled', theProvider))).toThrow(/no reason/);
  });

  it('tells the provider of "not completed", and nobody of the contract that starts the service', () => {
    expect(orderSteps.inService(step('delivered', 'in_service', theEnterprise, '文件未交付'), [])).toEqual([
      { userId: providerId, template: 'order.not_completed', params: order },
    ]);
    expect(orderSteps.inService(step('accepted', 'in_service', theEnterprise), staff)).toEqual([]);
  });

  it('writes an order step out in both languages, naming the product and the order number', () => {
    const message = compose({
      userId: enterpriseId,
      template: 'order.declined',
      params: { ...order, reason: '档期已满' },
    });
    expect(message.kind).toBe('order_step');
    expect(message.title).toEqual({ 'zh-CN': '服务商已拒单', en: 'Order declined' });
    expect(message.body['zh-CN']).toBe(
      '服务商拒绝了您的订单202612062120001230000001（ISO9001质量管理体系认证），订单已取消；如已使用服务券抵扣，抵扣金额将退回您的服务券。原因：档期已满',
    );
  });
});

describe('essential messages also go out by SMS (issue 18 item 1)', () => {
  const keys = Object.keys(templates) as TemplateKey[];
  const composed = (key: TemplateKey) =>
    compose({ userId: uuidv7(), template: key, params: sampleParams(templates[key] as unknown as Template) } as never);

  it('texts every review result, a win, the deadline reminders and an order waiting for its provider, and no other order step', () => {
    const bySms = keys.filter((key) => goesBySms(composed(key)));
    expect(bySms.sort()).toEqual(
      [
        ...keys.filter((key) => templates[key].kind === 'review_result'),
        'order.awaiting_provider',
        'draw.won',
        // issue 18 item 2: the reminders of a voucher expiring or reclaimed, and of an order's contract deadline
        ...keys.filter((key) => templates[key].kind === 'voucher_expiry' || templates[key].kind === 'order_deadline'),
        // issue 18 item 2: a redemption paid; no other product or settlement step
        'settlement.paid',
      ].sort(),
    );
  });

  it('writes the SMS in Chinese, its title then its body, within identity’s bound', () => {
    for (const key of keys) {
      const m = composed(key);
      const text = smsTextOf(m);
      expect(text).toBe(`${m.title['zh-CN']}：${m.body['zh-CN']}`);
      expect(text.length).toBeLessThanOrEqual(SMS_TEXT_MAX_LENGTH);
    }
    const long = smsTextOf({ title: { 'zh-CN': '标题', en: 'x' }, body: { 'zh-CN': '长'.repeat(400), en: 'x' } });
    expect(long).toHaveLength(SMS_TEXT_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    const lines = smsTextOf({
      title: { 'zh-CN': '标题', en: 'x' },
      body: { 'zh-CN': '原因：第一行\r\n第二行', en: 'x' },
    });
    expect(lines).toBe('标题：原因：第一行 第二行');
  });
});
