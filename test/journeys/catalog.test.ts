import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogEvents } from '@voucher/contracts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { certifiedProvider, eventCount, PDF, PNG, productBody, reviewerTeam, type ReviewerTeam } from './actors.ts';

let p: JourneyPlatform;
let reviewers: ReviewerTeam;
let provider: { id: string; token: string };

beforeAll(async () => {
  p = await journeyPlatform('jcat');
  reviewers = await reviewerTeam(p);
  const created = await p.api(
    'POST',
    '/lottery/categories',
    {
      code: 'CERT',
      name: '体系认证服务专用券',
      faceValue: 200000,
      validityDays: 180,
      redemptionMode: 'balance',
      annualLimit: 2,
    },
    reviewers.approver,
  );
  expect(created.status).toBe(201);
  provider = await certifiedProvider(p, reviewers, '济南旅程认证服务有限公司');
});
afterAll(() => p?.close());

const search = async (q: string) =>
  (await p.api('GET', `/catalog/products?q=${encodeURIComponent(q)}&voucherOnly=true`)).body;

describe('journey: a provider lists a product with voucher terms (DOMAIN §4, §11 step 5)', () => {
  it('drafts, submits, is rejected with a reason, resubmits, passes three reviews, is found, and is delisted', async () => {
    const body = await productBody(p, provider.token, 'ISO14001环境管理体系认证');
    const draft = await p.api('POST', '/catalog/products', body, provider.token);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.id as string;
    expect((await p.api('POST', `/catalog/products/${id}/submit`, undefined, provider.token)).body.state).toBe(
      'operator_review',
    );

    const queue = await p.api('GET', '/catalog/reviews?stage=operator', undefined, reviewers.operator);
    expect(queue.body.items.map((x: { id: string }) => x.id)).toContain(id);
    // the operator may read the case document it reviews
    const doc = await fetch(`${p.platform.gatewayUrl}/api/v1/files/${body.cases[0]!.documentFileId}`, {
      headers: { authorization: `Bearer ${reviewers.operator}` },
    });
    expect(doc.status).toBe(200);
    const rejected = await p.api(
      'POST',
      `/catalog/reviews/${id}/reject`,
      { reason: '案例材料不清晰' },
      reviewers.operator,
    );
    expect(rejected.body).toMatchObject({
      state: 'rejected',
      rejection: { stage: 'operator', reason: '案例材料不清晰' },
    });

    const edited = await p.api(
      'PUT',
      `/catalog/products/${id}`,
      { ...body, support: '7×24 小时电话支持' },
      provider.token,
    );
    expect(edited.body.state).toBe('draft');
    await p.api('POST', `/catalog/products/${id}/submit`, undefined, provider.token);
    for (const [who, next] of [
      [reviewers.operator, 'expert_review'],
      [reviewers.expert, 'final_review'],
      [reviewers.approver, 'listed'],
    ] as const) {
      const res = await p.api('POST', `/catalog/reviews/${id}/approve`, undefined, who);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.state).toBe(next);
    }

    const found = await search('环境管理');
    expect(found.items).toEqual([
      expect.objectContaining({
        id,
        providerName: '济南旅程认证服务有限公司',
        minPrice: 400000,
        voucherTerms: { acceptedCategories: ['CERT'], maxVoucherPerUnit: 200000, annualLimitPerEnterprise: 2 },
      }),
    ]);
    const detail = await p.api('GET', `/catalog/products/${id}`);
    expect(detail.body).toMatchObject({ content: { support: '7×24 小时电话支持' }, provider: { region: '济南市' } });
    // the thumbnail is public
    expect((await fetch(`${p.platform.gatewayUrl}/api/v1/files/${body.thumbnailFileId}`)).status).toBe(200);
    const providers = await p.api('GET', `/catalog/providers?q=${encodeURIComponent('旅程')}`);
    expect(providers.body.items).toEqual([expect.objectContaining({ id: provider.id, listedProducts: 1 })]);
    await expect.poll(() => eventCount(p, catalogEvents.productListed), { timeout: 5000 }).toBe(1);

    expect((await p.api('POST', `/catalog/products/${id}/delist`, undefined, provider.token)).body.state).toBe(
      'delisted',
    );
    expect((await search('环境管理')).total).toBe(0);
    expect((await p.api('GET', `/catalog/products/${id}`)).status).toBe(404);
    await expect.poll(() => eventCount(p, catalogEvents.productDelisted), { timeout: 5000 }).toBe(1);
  });

  it('refuses what it must, with clear codes, and changes nothing', async () => {
    const body = await productBody(p, provider.token, '数字化诊断服务');
    // four case studies, six solution types, a fractional price, too high a voucher amount, an unknown category
    for (const bad of [
      { ...body, cases: [...body.cases, body.cases[0]] },
      { ...body, solutionTypes: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { ...body, specs: [{ ...body.specs[0], price: 1000.5 }] },
      { ...body, specs: [{ ...body.specs[0], price: -1 }] },
      { ...body, voucherTerms: { ...body.voucherTerms, maxVoucherPerUnit: 400001 } },
      { ...body, voucherTerms: { ...body.voucherTerms, acceptedCategories: ['NOPE'] } },
    ]) {
      const res = await p.api('POST', '/catalog/products', bad, provider.token);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    // a thumbnail over 2 MB, or not an image, is refused at the upload
    const big = await fetch(`${p.platform.gatewayUrl}/api/v1/files?purpose=product_image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider.token}` },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([PNG, Buffer.alloc(2 * 1024 * 1024)]), 'big.png');
        return form;
      })(),
    });
    expect(big.status).toBe(413);
    const notImage = await fetch(`${p.platform.gatewayUrl}/api/v1/files?purpose=product_image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider.token}` },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([PDF]), 'fake.png');
        return form;
      })(),
    });
    expect(notImage.status).toBe(415);
    // a case document given as the thumbnail
    const wrongPurpose = await p.api(
      'POST',
      '/catalog/products',
      { ...body, thumbnailFileId: body.cases[0]!.documentFileId },
      provider.token,
    );
    expect(wrongPurpose.status).toBe(400);
    const mine = await p.api('GET', '/catalog/mine', undefined, provider.token);
    expect(mine.body.total).toBe(1);

    // someone else's product, the wrong reviewer, an enterprise reviewing
    const draft = (await p.api('POST', '/catalog/products', body, provider.token)).body;
    const stranger = await certifiedProvider(p, reviewers, '济南陌生服务商有限公司');
    expect((await p.api('PUT', `/catalog/products/${draft.id}`, body, stranger.token)).status).toBe(404);
    await p.api('POST', `/catalog/products/${draft.id}/submit`, undefined, provider.token);
    expect((await p.api('POST', `/catalog/reviews/${draft.id}/approve`, undefined, reviewers.approver)).status).toBe(
      403,
    );
    expect((await p.api('POST', `/catalog/reviews/${draft.id}/approve`, undefined, provider.token)).status).toBe(403);
    expect((await p.api('GET', `/catalog/reviews/${draft.id}`, undefined, reviewers.expert)).body.state).toBe(
      'operator_review',
    );
    expect((await p.api('POST', '/catalog/products', body)).status).toBe(401);
  });
});
