import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { catalog, catalogEvents, qualificationEvents, type Caller } from '@voucher/contracts';
import { approver, catalogHarness, expert, operator, type CatalogHarness } from './harness.ts';

/** The data of a product's events of one type, as the outbox holds them. */
async function eventsOf(subject: string, productId: string): Promise<Record<string, unknown>[]> {
  const r = await sql<{ data: Record<string, unknown> }>`SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${subject} AND envelope->'data'->>'productId' = ${productId} ORDER BY id`.execute(h.service.db);
  return r.rows.map((row) => row.data);
}

let h: CatalogHarness;
let provider: Caller;
beforeAll(async () => {
  h = await catalogHarness('catlist');
  await h.category('CERT');
  await h.category('DIAG');
  provider = await h.provider({ name: '济南慧通信息技术有限公司' });
});
afterAll(() => h.close());

const productRows = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM products`.execute(h.service.db)).rows[0]!.n;
const auditOf = async (id: string) =>
  (
    await sql<{
      action: string;
      from_state: string | null;
      to_state: string;
      actor_role: string;
      reason: string | null;
    }>`
      SELECT action, from_state, to_state, actor_role, reason FROM audit_log WHERE entity_id = ${id} ORDER BY id`.execute(
      h.service.db,
    )
  ).rows;

describe('CAT-3 a product from draft to listed', () => {
  it('passes three reviews, is searchable with its voucher terms, and every step is audited and announced', async () => {
    const listedBefore = await h.eventCount(catalogEvents.productListed);
    const draft = await h.call(catalog.createProduct, h.content(provider), provider);
    expect(draft).toMatchObject({ state: 'draft', listed: false, providerName: '济南慧通信息技术有限公司' });

    expect((await h.call(catalog.submitProduct, { id: draft.id }, provider)).state).toBe('operator_review');
    const queue = await h.call(catalog.reviewQueue, { stage: 'operator', page: 1, pageSize: 20 }, operator);
    expect(queue.items.map((p) => p.id)).toContain(draft.id);
    expect((await h.call(catalog.approve, { id: draft.id }, operator)).state).toBe('expert_review');
    expect((await h.call(catalog.approve, { id: draft.id }, expert)).state).toBe('final_review');
    // not yet public before the final review
    expect((await h.refusal(catalog.product, { productId: draft.id })).code).toBe('NOT_FOUND');
    const listed = await h.call(catalog.approve, { id: draft.id }, approver);
    expect(listed).toMatchObject({ state: 'listed', listed: true, listedVersion: 1 });

    const found = await h.call(catalog.search, { q: '环境管理', page: 1, pageSize: 20, sort: 'newest' });
    expect(found.items.map((p) => p.id)).toEqual([draft.id]);
    expect(found.items[0]).toMatchObject({
      minPrice: 400_000,
      providerName: '济南慧通信息技术有限公司',
      voucherTerms: { acceptedCategories: ['CERT'], maxVoucherPerUnit: 200_000, annualLimitPerEnterprise: 2 },
    });
    expect(await h.call(catalog.product, { productId: draft.id })).toMatchObject({
      version: 1,
      providerId: provider.userId,
      specs: [{ name: '标准版', price: 400_000 }],
    });

    expect(await h.eventCount(catalogEvents.productListed)).toBe(listedBefore + 1);
    expect((await auditOf(draft.id)).map((a) => [a.action, a.actor_role, a.to_state])).toEqual([
      ['create', 'provider', 'draft'],
      ['operator_review', 'provider', 'operator_review'],
      ['operator_review', 'operator', 'expert_review'],
      ['expert_review', 'expert', 'final_review'],
      ['final_review', 'approver', 'listed'],
    ]);
  });

  it('a rejection carries its reason to the provider, who edits and resubmits', async () => {
    const draft = await h.call(catalog.createProduct, h.content(provider, { name: '数字化诊断服务' }), provider);
    await h.call(catalog.submitProduct, { id: draft.id }, provider);
    await h.call(catalog.approve, { id: draft.id }, operator);
    const rejected = await h.call(catalog.reject, { id: draft.id, reason: '案例材料不清晰' }, expert);
    expect(rejected).toMatchObject({ state: 'rejected', rejection: { stage: 'expert', reason: '案例材料不清晰' } });
    // issue 18 item 2: the provider's message names the product and the reason
    expect(await eventsOf(catalogEvents.productReviewMoved.type, draft.id)).toContainEqual(
      expect.objectContaining({
        productName: '数字化诊断服务',
        from: 'expert_review',
        to: 'rejected',
        reason: '案例材料不清晰',
      }),
    );
    const mine = await h.call(catalog.myProducts, { state: 'rejected', page: 1, pageSize: 20 }, provider);
    expect(mine.items.map((p) => p.id)).toContain(draft.id);
    expect(mine.counts.rejected).toBeGreaterThanOrEqual(1);

    const edited = await h.call(
      catalog.updateProduct,
      { id: draft.id, content: h.content(provider, { name: '数字化转型诊断服务' }) },
      provider,
    );
    expect(edited.state).toBe('draft');
    const resubmitted = await h.call(catalog.submitProduct, { id: draft.id }, provider);
    expect(resubmitted).toMatchObject({ state: 'operator_review', rejection: null });
  });

  it('an edit of a listed product is reviewed while the listed version stays in search, then replaces it', async () => {
    const product = await h.listed(provider, { name: '两化融合贯标咨询' });
    const updatedBefore = await h.eventCount(catalogEvents.productUpdated);
    await h.call(
      catalog.updateProduct,
      { id: product.id, content: h.content(provider, { name: '两化融合管理体系贯标咨询' }) },
      provider,
    );
    await h.call(catalog.submitProduct, { id: product.id }, provider);
    const during = await h.call(catalog.productDetail, { id: product.id });
    expect(during).toMatchObject({ name: '两化融合贯标咨询', version: 1 });
    await h.call(catalog.approve, { id: product.id }, operator);
    await h.call(catalog.approve, { id: product.id }, expert);
    const after = await h.call(catalog.approve, { id: product.id }, approver);
    expect(after).toMatchObject({ state: 'listed', listedVersion: 2 });
    expect((await h.call(catalog.productDetail, { id: product.id })).name).toBe('两化融合管理体系贯标咨询');
    expect(await h.eventCount(catalogEvents.productUpdated)).toBe(updatedBefore + 1);
    const hits = await h.call(catalog.search, { q: '管理体系贯标', page: 1, pageSize: 20, sort: 'newest' });
    expect(hits.items.map((p) => p.id)).toEqual([product.id]);
  });

  it('withdrawing a submission and delisting a product take them out of review and out of search', async () => {
    const product = await h.listed(provider, { name: 'DCMM数据管理能力贯标' });
    const delistedBefore = await h.eventCount(catalogEvents.productDelisted);
    const delisted = await h.call(catalog.delistProduct, { id: product.id }, provider);
    expect(delisted).toMatchObject({ state: 'delisted', listed: false });
    expect((await h.call(catalog.search, { q: 'DCMM', page: 1, pageSize: 20, sort: 'newest' })).total).toBe(0);
    expect(await h.eventCount(catalogEvents.productDelisted)).toBe(delistedBefore + 1);

    await h.call(catalog.submitProduct, { id: product.id }, provider);
    const withdrawn = await h.call(catalog.withdrawProduct, { id: product.id }, provider);
    expect(withdrawn.state).toBe('withdrawn');
    const queue = await h.call(catalog.reviewQueue, { stage: 'operator', page: 1, pageSize: 100 }, operator);
    expect(queue.items.map((p) => p.id)).not.toContain(product.id);
  });

  it('an approver force-delists with a reason the provider sees', async () => {
    const product = await h.listed(provider, { name: '审计服务包' });
    const forced = await h.call(catalog.forceDelist, { id: product.id, reason: '价格虚高' }, approver);
    expect(forced).toMatchObject({ state: 'delisted', delistReason: '价格虚高', listed: false });
    // issue 18 item 2: the provider is told, with the product's name
    expect(await eventsOf(catalogEvents.productDelisted.type, product.id)).toEqual([
      expect.objectContaining({ productName: '审计服务包', forced: true, reason: '价格虚高' }),
    ]);
    expect((await h.refusal(catalog.productDetail, { id: product.id })).code).toBe('NOT_FOUND');
  });

  it('staff with the products menu act for their provider; staff without it cannot', async () => {
    const staff: Caller = {
      userId: uuidv7(),
      role: 'provider_staff',
      providerId: provider.userId,
      permissions: ['products'],
    };
    const draft = await h.call(catalog.createProduct, h.content(staff), staff);
    expect(draft.providerId).toBe(provider.userId);
    const other: Caller = { ...staff, userId: uuidv7(), permissions: ['orders'] };
    expect((await h.refusal(catalog.createProduct, h.content(other), other)).code).toBe('FORBIDDEN');
  });
});

describe('CAT-1/2/3 bad input changes nothing', () => {
  it('refuses to submit a draft with missing case studies, naming what is missing', async () => {
    const draft = await h.call(catalog.createProduct, { ...h.content(provider), cases: [] }, provider);
    const refusal = await h.refusal(catalog.submitProduct, { id: draft.id }, provider);
    expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'cases' }] } });
    expect((await h.call(catalog.myProduct, { id: draft.id }, provider)).state).toBe('draft');
  });

  it('refuses four case studies, six solution types, a negative or fractional price, too high a voucher amount', async () => {
    const before = await productRows();
    const base = h.content(provider);
    const bad = [
      { ...base, cases: [...base.cases!, base.cases![0]!] },
      { ...base, solutionTypes: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { ...base, specs: [{ name: 'x', purchaseMode: 'per_year' as const, pricing: 'simple' as const, price: -1 }] },
      { ...base, specs: [{ name: 'x', purchaseMode: 'per_year' as const, pricing: 'simple' as const, price: 10.5 }] },
      { ...base, voucherTerms: { ...base.voucherTerms!, maxVoucherPerUnit: 400_001 } },
    ];
    for (const content of bad) {
      expect((await h.refusal(catalog.createProduct, content, provider)).code).toBe('VALIDATION_FAILED');
    }
    expect(await productRows()).toBe(before);
  });

  it('refuses an unknown voucher category and files that are not the provider’s or not images', async () => {
    const before = await productRows();
    const base = h.content(provider);
    const unknown = await h.refusal(
      catalog.createProduct,
      { ...base, voucherTerms: { ...base.voucherTerms!, acceptedCategories: ['CERT', 'NOPE'] } },
      provider,
    );
    expect(unknown).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'voucherTerms.acceptedCategories.1' }] },
    });
    const someoneElses = h.uploads.upload(uuidv7(), 'product_image');
    expect((await h.refusal(catalog.createProduct, { ...base, thumbnailFileId: someoneElses }, provider)).code).toBe(
      'VALIDATION_FAILED',
    );
    const aPdf = h.uploads.upload(provider.userId, 'case_document', { type: 'pdf' });
    expect(
      (await h.refusal(catalog.createProduct, { ...base, thumbnailFileId: aPdf }, provider)).details,
    ).toMatchObject({
      fields: [{ path: 'thumbnailFileId', message: expect.stringContaining('product_image') }],
    });
    expect(await productRows()).toBe(before);
  });

  it('hides another provider’s product: editing, submitting or reading it is NOT_FOUND', async () => {
    const draft = await h.call(catalog.createProduct, h.content(provider), provider);
    const stranger = await h.provider();
    expect(
      (await h.refusal(catalog.updateProduct, { id: draft.id, content: h.content(stranger) }, stranger)).code,
    ).toBe('NOT_FOUND');
    expect((await h.refusal(catalog.submitProduct, { id: draft.id }, stranger)).code).toBe('NOT_FOUND');
    expect((await h.refusal(catalog.myProduct, { id: draft.id }, stranger)).code).toBe('NOT_FOUND');
    expect((await h.call(catalog.myProduct, { id: draft.id }, provider)).content.name).toBe('ISO14001环境管理体系认证');
  });

  it('refuses a review at the wrong stage or by the wrong role, and leaves the product where it was', async () => {
    const draft = await h.call(catalog.createProduct, h.content(provider), provider);
    await h.call(catalog.submitProduct, { id: draft.id }, provider);
    expect((await h.refusal(catalog.approve, { id: draft.id }, expert)).code).toBe('FORBIDDEN');
    expect((await h.refusal(catalog.approve, { id: draft.id }, approver)).code).toBe('FORBIDDEN');
    expect((await h.refusal(catalog.approve, { id: draft.id }, provider)).code).toBe('FORBIDDEN');
    expect((await h.refusal(catalog.reviewQueue, { stage: 'final', page: 1, pageSize: 20 }, operator)).code).toBe(
      'FORBIDDEN',
    );
    await h.call(catalog.approve, { id: draft.id }, operator);
    expect((await h.refusal(catalog.approve, { id: draft.id }, operator)).code).toBe('FORBIDDEN');
    expect((await h.refusal(catalog.submitProduct, { id: draft.id }, provider)).code).toBe('INVALID_STATE');
    expect(
      (await h.refusal(catalog.updateProduct, { id: draft.id, content: h.content(provider) }, provider)).code,
    ).toBe('INVALID_STATE');
    expect((await h.call(catalog.reviewedProduct, { id: draft.id }, expert)).state).toBe('expert_review');
  });

  it('refuses a submission by a provider that is not certified, and by one whose certification was revoked', async () => {
    const uncertified = await h.provider({ certified: false });
    const draft = await h.call(catalog.createProduct, h.content(uncertified), uncertified);
    expect((await h.refusal(catalog.submitProduct, { id: draft.id }, uncertified)).code).toBe('NOT_QUALIFIED');
    expect((await h.call(catalog.myProduct, { id: draft.id }, uncertified)).state).toBe('draft');
  });

  it('refuses a rejection without a reason', async () => {
    const draft = await h.call(catalog.createProduct, h.content(provider), provider);
    await h.call(catalog.submitProduct, { id: draft.id }, provider);
    expect((await h.refusal(catalog.reject, { id: draft.id, reason: '  ' }, operator)).code).toBe('VALIDATION_FAILED');
  });
});

describe('CAT-3 races', () => {
  it('two operators approving one product at once move it one stage, not two', async () => {
    const draft = await h.call(catalog.createProduct, h.content(provider), provider);
    await h.call(catalog.submitProduct, { id: draft.id }, provider);
    const other: Caller = { userId: uuidv7(), role: 'operator' };
    const results = await Promise.allSettled([
      h.call(catalog.approve, { id: draft.id }, operator),
      h.call(catalog.approve, { id: draft.id }, other),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await h.call(catalog.reviewedProduct, { id: draft.id }, operator)).state).toBe('expert_review');
  });

  it('two final approvals of one edit list it once: one version, one event', async () => {
    const draft = await h.call(catalog.createProduct, h.content(provider), provider);
    await h.call(catalog.submitProduct, { id: draft.id }, provider);
    await h.call(catalog.approve, { id: draft.id }, operator);
    await h.call(catalog.approve, { id: draft.id }, expert);
    const before = await h.eventCount(catalogEvents.productListed);
    await Promise.allSettled([
      h.call(catalog.approve, { id: draft.id }, approver),
      h.call(catalog.approve, { id: draft.id }, { userId: uuidv7(), role: 'approver' }),
    ]);
    expect((await h.call(catalog.product, { productId: draft.id })).version).toBe(1);
    expect(await h.eventCount(catalogEvents.productListed)).toBe(before + 1);
  });
});

describe('a provider whose certification is revoked', () => {
  it('loses its listings, each announced as delisted', async () => {
    const doomed = await h.provider({ name: '即将撤销资质的服务商有限公司' });
    const product = await h.listed(doomed, { name: '撤销测试产品' });
    const before = await h.eventCount(catalogEvents.productDelisted);
    await h.announce(qualificationEvents.providerRevoked, {
      applicantId: doomed.userId,
      applicationId: uuidv7(),
      kind: 'provider_certification',
      year: null,
      reason: '资质造假',
      by: approver.userId,
      at: new Date().toISOString(),
    });
    expect((await h.refusal(catalog.product, { productId: product.id })).code).toBe('NOT_FOUND');
    expect((await h.call(catalog.myProduct, { id: product.id }, doomed)).state).toBe('delisted');
    expect(await h.eventCount(catalogEvents.productDelisted)).toBe(before + 1);
    expect(await eventsOf(catalogEvents.productDelisted.type, product.id)).toEqual([
      expect.objectContaining({ productName: '撤销测试产品', forced: true }),
    ]);
  });
});
