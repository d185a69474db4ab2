import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn } from './browser.ts';
import { file, fillProductFields } from './portal-forms.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  certifiedProvider,
  listedProduct,
  PDF,
  PNG,
  qualifiedEnterprise,
  reviewerTeam,
  upload,
  type ReviewerTeam,
} from './actors.ts';

// The provider's workbench (issue 10 §3) in Debian's Chromium, against the whole platform.
const COMPANY = '济南工作台认证服务有限公司';
let p: JourneyPlatform;
let reviewers: ReviewerTeam;
let browser: Browser;
let page: Page;
let provider: { username: string; token: string };

beforeAll(async () => {
  p = await journeyPlatform('jpprov');
  reviewers = await reviewerTeam(p);
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
  provider = await certifiedProvider(p, reviewers, COMPANY);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
});
afterAll(async () => {
  await browser?.close();
  await p?.close();
});

describe('the provider workbench in the browser (issue 10 §3)', () => {
  it('a product submitted with only its name is refused with every missing field named (CAT-3)', async () => {
    await signIn(page, p.platform.gatewayUrl, provider.username, 'Journey#2026');
    await page.goto(`${p.platform.gatewayUrl}/workbench/products`);
    await page.getByTestId('new-product').click();
    await page.waitForURL('**/workbench/products/new');
    await page.getByLabel('方案名称').fill('ISO9001质量管理体系认证');
    await page.getByTestId('submit-product').click();
    const issues = page.getByTestId('form-issues');
    await expect.poll(() => issues.textContent(), { timeout: 10_000 }).toContain('相关产品名称');
    for (const field of ['展示图', '案例说明', '商品规格', '服务支持'])
      expect(await issues.textContent()).toContain(field);
  });

  it('fills every field; a voucher above the dearest spec is refused, then the product reaches operator review (CAT-1/2)', async () => {
    await fillProductFields(page, {
      related: '质量管理体系',
      tags: ['认证', '质量'],
      description: '从差距诊断到取证的一站式质量管理体系认证服务',
    });

    // CAT-2: a voucher never pays more per unit than the dearest spec costs
    await page.getByLabel('最高用券额度').fill('5000');
    await page.getByTestId('save-draft').click();
    const issues = page.getByTestId('form-issues');
    await expect.poll(() => issues.textContent()).toContain('最高用券额度不能超过规格最高定价');
    expect(await page.getByTestId('product-editor').textContent()).toContain('最高用券额度不能超过规格最高定价');

    await page.getByLabel('最高用券额度').fill('2000');
    await screenshot(page, 'provider-product-editor');
    await page.getByTestId('submit-product').click();
    await page.waitForURL('**/workbench/products', { timeout: 10_000 });
    const row = page.getByTestId('my-products').locator('tr', { hasText: 'ISO9001质量管理体系认证' });
    await expect.poll(() => row.getByTestId('product-state').textContent()).toBe('运营审核中');
    await screenshot(page, 'provider-products');

    const queue = await p.api('GET', '/catalog/reviews?stage=operator', undefined, reviewers.operator);
    const submitted = queue.body.items.find(
      (i: { content: { name: string } }) => i.content.name === 'ISO9001质量管理体系认证',
    );
    expect(submitted.content).toMatchObject({
      category: '体系认证',
      tags: ['认证', '质量'],
      historicalPrice: { min: 300000, max: 500000 },
      specs: [{ name: '标准版', purchaseMode: 'per_quantity', pricing: 'simple', price: 400000 }],
      voucherTerms: { acceptedCategories: ['CERT'], maxVoucherPerUnit: 200000, annualLimitPerEnterprise: 2 },
      contact: { name: '杨老师', mobile: '13800000000', email: 'yang@example.cn' },
    });
    expect(submitted.content.cases).toHaveLength(3);
    expect(submitted.content.cases[0]).toMatchObject({ customerAnnualOutput: 1200000000, saleAmount: 400000 });
  });

  it('adds a staff member with only the orders menu, who signs in and sees no other menu (ID-8)', async () => {
    const digits = String(Date.now()).slice(-8);
    const staff = { username: `clerk_${digits}`, mobile: `166${digits}`, password: 'Clerk#2026x' };
    await page.goto(`${p.platform.gatewayUrl}/workbench/staff`);
    await page.getByTestId('add-staff').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(staff.username);
    await dialog.getByLabel('手机号').fill(staff.mobile);
    await dialog.getByLabel('邮箱').fill('clerk@example.cn');
    await dialog.getByLabel('密码', { exact: true }).fill(staff.password);
    await dialog.getByLabel('确认密码').fill(staff.password);
    await dialog.getByRole('checkbox', { name: '订单管理' }).check();
    await dialog.getByRole('button', { name: '确认' }).click();
    const row = page.getByTestId('staff-list').locator('tr', { hasText: staff.username });
    await expect.poll(() => row.getByTestId('staff-permissions').textContent(), { timeout: 10_000 }).toBe('订单管理');
    await screenshot(page, 'provider-staff');

    const clerk = await (await browser.newContext()).newPage();
    await signIn(clerk, p.platform.gatewayUrl, staff.username, staff.password);
    await clerk.waitForURL('**/workbench/orders');
    const menu = clerk.locator('.ant-layout-header .ant-menu');
    await expect.poll(() => menu.getByRole('link', { name: '订单管理' }).count()).toBe(1);
    for (const hidden of ['商品管理', '客户管理', '服务券管理', '我的企业']) {
      expect(await menu.getByText(hidden).count(), hidden).toBe(0);
    }
    await clerk.context().close();
  });

  it('adds a bank account in the provider name (SET-1)', async () => {
    await page.goto(`${p.platform.gatewayUrl}/workbench/bank-accounts`);
    await page.getByTestId('add-bank-account').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('开户银行').fill('中国农业银行');
    await dialog.getByLabel('开户支行').fill('济南高新支行');
    await dialog.getByLabel('银行开户名称').fill(COMPANY);
    await dialog.getByLabel('银行账号').fill('6228480010012233445');
    await dialog.getByRole('button', { name: '确认' }).click();
    await expect
      .poll(() => page.getByTestId('bank-accounts').textContent(), { timeout: 10_000 })
      .toContain('6228480010012233445');
  });

  it('applies to redeem the voucher payment of a completed order and downloads the PDF form (SET-2/4)', async () => {
    const orderNo = await completedOrder();
    await page.goto(`${p.platform.gatewayUrl}/workbench/settlement`);
    const line = page.getByTestId('redeemable').locator('tr', { hasText: orderNo });
    await expect.poll(() => line.count(), { timeout: 10_000 }).toBe(1);
    await line.getByRole('checkbox').check();
    await expect.poll(() => page.getByTestId('selected-amount').textContent()).toContain('1200.00');
    await page.getByTestId('start-redemption').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('bank-account-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    for (const material of ['contract', 'invoice', 'receipt', 'priceEvidence']) {
      const field = dialog.getByTestId(`material-${material}`);
      await field.locator('input[type=file]').setInputFiles(file(`${material}.pdf`, PDF, 'application/pdf'));
      await expect.poll(() => field.textContent()).toContain(`${material}.pdf`);
    }
    await dialog.getByRole('button', { name: '确认' }).click();

    const mine = page.getByTestId('my-applications-voucher');
    await expect
      .poll(() => mine.getByTestId('application-state').first().textContent(), { timeout: 10_000 })
      .toBe('待结算审批');
    await mine.locator('.ant-table-row-expand-icon').first().click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-form-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^兑现申请表-.+\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await expect.poll(() => page.getByTestId('review-history').textContent()).toContain('待结算审批');
    await screenshot(page, 'provider-settlement');
  });

  it('finds the customer by company name and reads what it bought (ORD-8)', async () => {
    await page.goto(`${p.platform.gatewayUrl}/workbench/customers`);
    await page.getByLabel('公司名称').fill('南京工作台');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('customers').getByRole('button', { name: '南京工作台客户科技有限公司' }).click();
    await expect
      .poll(() => page.getByTestId('customer-detail').textContent(), { timeout: 10_000 })
      .toContain('ISO14001环境管理体系认证');
    expect(await page.getByTestId('customer-detail').textContent()).toContain('已完成');
  });

  it('shows the main account its certification, certified by operator and approver (QUA-3)', async () => {
    await page.goto(`${p.platform.gatewayUrl}/workbench/certification`);
    await expect.poll(() => page.getByTestId('certification-state').textContent()).toBe('认证成功');
  });
});

/** DOMAIN §11 steps 4-6 through the API builders: an enterprise pays 1,200 yuan of an order with a voucher, and it completes. */
async function completedOrder(): Promise<string> {
  const productId = await listedProduct(p, provider.token, reviewers, 'ISO14001环境管理体系认证');
  const hour = 3_600_000;
  const campaign = await p.api(
    'POST',
    '/lottery/campaigns',
    {
      name: '体系认证券先到先得',
      mode: 'first_come',
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + hour).toISOString(),
      categories: ['CERT'],
      stock: { CERT: 10 },
    },
    reviewers.approver,
  );
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  const e = await qualifiedEnterprise(p, reviewers.officer, '南京工作台客户科技有限公司', new Date().getFullYear());
  // lottery learns of the qualification from its event: the claim may wait a moment for it
  await expect
    .poll(
      async () =>
        (await p.api('POST', `/lottery/campaigns/${campaign.body.id}/claims`, { category: 'CERT' }, e.token)).status,
      { timeout: 10_000 },
    )
    .toBe(201);
  let voucherId: string | undefined;
  await expect
    .poll(async () => (voucherId = (await p.api('GET', '/wallet/vouchers', undefined, e.token)).body.items[0]?.id), {
      timeout: 10_000,
    })
    .toBeDefined();
  expect((await p.api('PUT', '/wallet/pin', { pin: '246810', password: e.password }, e.token)).status).toBe(204);
  const placed = await p.api(
    'POST',
    '/orders',
    {
      productId,
      specName: '标准版',
      quantity: 1,
      agreementAccepted: true,
      vouchers: [{ voucherId, amount: 120000 }],
      pin: '246810',
    },
    e.token,
  );
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const id = placed.body.id as string;
  const receipt = await upload(p, e.token, 'payment_receipt', PNG, '转账凭证.png');
  expect((await p.api('POST', `/orders/${id}/receipts`, { fileIds: [receipt] }, e.token)).body.state).toBe(
    'awaiting_provider',
  );
  expect((await p.api('POST', `/orders/${id}/accept`, undefined, provider.token)).body.state).toBe('accepted');
  const contract = await upload(p, e.token, 'contract', PDF, '服务合同.pdf');
  expect((await p.api('POST', `/orders/${id}/contract`, { fileId: contract }, e.token)).body.state).toBe('in_service');
  expect((await p.api('POST', `/orders/${id}/deliver`, undefined, provider.token)).body.state).toBe('delivered');
  expect((await p.api('POST', `/orders/${id}/complete`, { completed: true }, e.token)).body.state).toBe('completed');
  return placed.body.orderNo as string;
}
