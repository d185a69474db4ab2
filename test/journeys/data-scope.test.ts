import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  bankAccountOf,
  certCampaign,
  certifiedEnterprise,
  certifiedProvider,
  listedProduct,
  PDF,
  redemptionApplied,
  reviewerTeam,
  staff,
  upload,
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
let campaignId: string;
const PIN = '246810';

beforeAll(async () => {
  p = await journeyPlatform('jscope');
  reviewers = await reviewerTeam(p);
  qinhuaiOfficer = await staff(p, reviewers.admin, 'district_officer', { district: '秦淮区' });
  campaignId = await certCampaign(p, reviewers.approver);
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

/**
 * A certified enterprise of the district, with one order paid in cash, placed once orders has heard of the
 * certification: asked a few times a second, so that a slow machine's wait never spends the IP's rate limit
 * (1,200 a minute for the whole file) and turns every later answer into 429.
 */
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
      { timeout: 20_000, interval: 250 },
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

let account: Promise<string> | undefined;
/** SET-1: the provider's one bank account, in its certified name. */
const bankAccount = () => (account ??= bankAccountOf(p, provider, '济南数据范围认证服务有限公司'));

/** DOMAIN §11 steps 5-7 for one enterprise of 玄武区: a voucher payment the provider applies to redeem. */
const redemptionOf = (name: string) =>
  redemptionApplied(p, { officer: reviewers.officer, provider, campaignId, productId, pin: PIN, bankAccount }, name);

let made: ReturnType<typeof redemptionOf> | undefined;
/** One redemption for the tests below, made by the first that needs it (expect.poll runs only inside a test). */
const redemption = () => (made ??= redemptionOf('南京兑付范围科技有限公司'));

describe('redemption applications are read in the scope of their review (SET-3, SET-5)', () => {
  it('the approver and finance open a redemption of payment lines; an operator, who reviews general vouchers only, does not find it', async () => {
    const finance = await staff(p, reviewers.admin, 'finance');
    const path = `/settlement/applications/${(await redemption()).applicationId}`;
    expect((await p.api('GET', path, undefined, reviewers.approver)).status).toBe(200);
    expect((await p.api('GET', path, undefined, finance)).status).toBe(200);
    expect((await p.api('GET', path, undefined, reviewers.operator)).status).toBe(404);
    const other = await certifiedProvider(p, reviewers, '济南别家范围服务有限公司');
    expect((await p.api('GET', path, undefined, other.token)).status).toBe(404);
  });
});

/** GET /files/{id} as the token's holder: the status only. */
const fileStatus = async (fileId: string, token: string) =>
  (await fetch(`${p.platform.gatewayUrl}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } }))
    .status;

describe('an order’s and a redemption’s attachments are read by whoever may read the record (QUA-7, ORD-3, SET-2)', () => {
  it('the order’s provider reads its receipt and contract; another provider and another district’s officer do not find them', async () => {
    const { enterprise, receipt, contract } = await redemption();
    const other = await certifiedProvider(p, reviewers, '济南看凭证别家服务有限公司');
    for (const fileId of [receipt, contract]) {
      expect(await fileStatus(fileId, provider.token)).toBe(200);
      expect(await fileStatus(fileId, enterprise.token)).toBe(200);
      expect(await fileStatus(fileId, reviewers.officer)).toBe(200);
      expect(await fileStatus(fileId, other.token)).toBe(404);
      expect(await fileStatus(fileId, qinhuaiOfficer)).toBe(404);
    }
  });

  it('the approver and finance read a redemption’s materials; the operator, who does not review it, the enterprise and another provider do not find them', async () => {
    const { enterprise, materials } = await redemption();
    const finance = await staff(p, reviewers.admin, 'finance');
    const other = await certifiedProvider(p, reviewers, '济南看材料别家服务有限公司');
    for (const fileId of Object.values(materials)) {
      expect(await fileStatus(fileId, reviewers.approver)).toBe(200);
      expect(await fileStatus(fileId, finance)).toBe(200);
      expect(await fileStatus(fileId, provider.token)).toBe(200);
      expect(await fileStatus(fileId, reviewers.operator)).toBe(404);
      expect(await fileStatus(fileId, enterprise.token)).toBe(404);
      expect(await fileStatus(fileId, other.token)).toBe(404);
    }
  });
});

describe('SET-5 a general-voucher claim names a live order of the provider and its enterprise, once', () => {
  it('is filed for the provider’s own order; over the programme’s value, for another provider’s order, under another name, or twice, it is refused', async () => {
    const e = await enterpriseWithOrder(reviewers.officer, '南京通用券范围科技有限公司', '玄武区');
    const orderNo = (await p.api('GET', `/orders/${e.orderId}`, undefined, e.token)).body.orderNo as string;
    const materials = async (token: string) => ({
      contract: await upload(p, token, 'settlement_material', PDF, '合同.pdf'),
      invoice: await upload(p, token, 'settlement_material', PDF, '发票.pdf'),
      receipt: await upload(p, token, 'settlement_material', PDF, '凭证.pdf'),
      priceEvidence: await upload(p, token, 'settlement_material', PDF, '价格.pdf'),
    });
    const claim = {
      enterpriseName: '南京通用券范围科技有限公司',
      orderNo,
      direction: '上云用云',
      amount: 500_000,
      bankAccountId: await bankAccount(),
      materials: await materials(provider.token),
    };
    const value = (await p.api('GET', '/admin/settings/settlement', undefined, reviewers.admin)).body
      .generalVoucherValue as number;
    const fieldOf = async (body: unknown, token = provider.token) => {
      const res = await p.api('POST', '/settlement/general-vouchers', body, token);
      return [res.status, res.body.error?.details?.fields?.map((f: { path: string }) => f.path)];
    };
    // orders tells settlement of the order by its event: until then the claim names no order it knows
    await expect.poll(() => fieldOf({ ...claim, amount: value + 1 }), { timeout: 10_000 }).toEqual([400, ['amount']]);
    expect(await fieldOf({ ...claim, enterpriseName: '南京别家科技有限公司' })).toEqual([400, ['enterpriseName']]);
    expect((await p.api('POST', '/settlement/general-vouchers', claim, provider.token)).status).toBe(201);
    const again = await p.api('POST', '/settlement/general-vouchers', claim, provider.token);
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_IN_APPLICATION']);
    const other = await certifiedProvider(p, reviewers, '济南通用券别家服务有限公司');
    // settlement learns of the provider's certification by its event: the account may wait for it a moment
    let otherAccount: string | undefined;
    await expect
      .poll(
        async () => {
          const added = await p.api(
            'POST',
            '/settlement/bank-accounts',
            {
              bank: '中国工商银行',
              branch: '济南分行',
              accountName: '济南通用券别家服务有限公司',
              number: '6222020200112233446',
            },
            other.token,
          );
          otherAccount = added.body.id;
          return added.status;
        },
        { timeout: 10_000 },
      )
      .toBe(201);
    expect(
      await fieldOf({ ...claim, bankAccountId: otherAccount, materials: await materials(other.token) }, other.token),
    ).toEqual([400, ['orderNo']]);
    const mine = (await p.api('GET', '/settlement/general-vouchers/mine', undefined, provider.token)).body.items;
    expect(mine.filter((a: { general: { orderNo: string } }) => a.general.orderNo === orderNo)).toHaveLength(1);
  });
});
