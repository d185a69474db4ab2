import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  certifiedEnterprise,
  certifiedProvider,
  listedProduct,
  reviewerTeam,
  staff,
  type ReviewerTeam,
} from './actors.ts';

/**
 * Whose data each role reads (DOMAIN §1, API.md: someone else's data is not
 * found): a district officer its district's, a provider its own, an
 * enterprise its own; every list scoped as its detail is.
 */
let p: JourneyPlatform;
let reviewers: ReviewerTeam;
let qinhuaiOfficer: string;
let provider: { id: string; token: string };
let productId: string;

beforeAll(async () => {
  p = await journeyPlatform('jscope');
  reviewers = await reviewerTeam(p);
  qinhuaiOfficer = await staff(p, reviewers.admin, 'district_officer', { district: '秦淮区' });
  const category = await p.api(
    'POST',
    '/lottery/categories',
    {
      code: 'CERT',
      name: '体系认证服务专用券',
      faceValue: 200000,
      validityDays: 180,
      redemptionMode: 'balance',
      annualLimit: 5,
    },
    reviewers.approver,
  );
  expect(category.status).toBe(201);
  provider = await certifiedProvider(p, reviewers, '济南数据范围认证服务有限公司');
  productId = await listedProduct(p, provider.token, reviewers, 'ISO27001信息安全管理体系认证');
});
afterAll(() => p?.close());

const cashOrder = {
  productId: '',
  specName: '标准版',
  quantity: 1,
  message: '',
  agreementAccepted: true,
  vouchers: [],
};

/** A certified enterprise of the district, with one order paid in cash (placed once orders has heard of the certification). */
async function enterpriseWithOrder(officer: string, name: string, district: string) {
  const e = await certifiedEnterprise(p, officer, name, district);
  let orderId: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await p.api('POST', '/orders', { ...cashOrder, productId }, e.token);
        orderId = res.body.id;
        return res.status;
      },
      { timeout: 10_000 },
    )
    .toBe(201);
  return { ...e, orderId: orderId! };
}

const listed = async (token: string, query = '') =>
  ((await p.api('GET', `/orders/mine${query}`, undefined, token)).body.items as { id: string }[]).map((o) => o.id);

describe('orders are read in the scope of the detail route (DOMAIN §1)', () => {
  it('a district officer lists and opens its own district’s orders only; another district’s are not found', async () => {
    const xuanwu = await enterpriseWithOrder(reviewers.officer, '南京玄武范围科技有限公司', '玄武区');
    const qinhuai = await enterpriseWithOrder(qinhuaiOfficer, '南京秦淮范围科技有限公司', '秦淮区');

    const seenInXuanwu = await listed(reviewers.officer);
    expect(seenInXuanwu).toContain(xuanwu.orderId);
    expect(seenInXuanwu).not.toContain(qinhuai.orderId);
    const page = (await p.api('GET', '/orders/mine', undefined, reviewers.officer)).body;
    expect(page.total).toBe(page.items.length);
    expect(await listed(reviewers.officer, '?state=pending_payment')).not.toContain(qinhuai.orderId);
    expect((await p.api('GET', `/orders/${qinhuai.orderId}`, undefined, reviewers.officer)).status).toBe(404);
    expect((await p.api('GET', `/orders/${xuanwu.orderId}`, undefined, reviewers.officer)).status).toBe(200);

    expect(await listed(qinhuaiOfficer)).toEqual([qinhuai.orderId]);
    expect((await p.api('GET', `/orders/${xuanwu.orderId}`, undefined, qinhuaiOfficer)).status).toBe(404);

    // the other reviewers read every order; each enterprise its own
    expect(await listed(reviewers.operator)).toEqual(expect.arrayContaining([xuanwu.orderId, qinhuai.orderId]));
    expect(await listed(xuanwu.token)).toEqual([xuanwu.orderId]);
    expect((await p.api('GET', `/orders/${qinhuai.orderId}`, undefined, xuanwu.token)).status).toBe(404);
    expect(await listed(provider.token)).toEqual(expect.arrayContaining([xuanwu.orderId, qinhuai.orderId]));
  });
});
