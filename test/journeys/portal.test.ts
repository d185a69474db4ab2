import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cspViolations, launchBrowser, screenshot, signIn } from './browser.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { certifiedProvider, listedProduct, PNG, qualifiedEnterprise, reviewerTeam, upload } from './actors.ts';

// The portal in a real browser (Debian's Chromium, installed by the set-up), served by the gateway at /.
let p: JourneyPlatform;
let browser: Browser;
let page: Page;
let refusedByCsp: string[];
let enterprise: { username: string; token: string; voucherId?: string };
let provider: { username: string; token: string };
let productId: string;
let quickBatchId: string;

beforeAll(async () => {
  p = await journeyPlatform('jportal');
  const reviewers = await reviewerTeam(p);
  const officer = reviewers.officer;
  await p.api(
    'POST',
    '/lottery/categories',
    {
      code: 'CERT',
      name: '体系认证服务专用券',
      faceValue: 200000,
      validityDays: 180,
      redemptionMode: 'balance',
      annualLimit: 1,
    },
    reviewers.approver,
  );
  provider = await certifiedProvider(p, reviewers, '济南门户认证服务有限公司');
  productId = await listedProduct(p, provider.token, reviewers, 'ISO14001环境管理体系认证');
  const hour = 3_600_000;
  const grab = await p.api(
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
  await p.api(
    'POST',
    '/lottery/campaigns',
    {
      name: '2026年第二期服务券',
      mode: 'lottery',
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + hour).toISOString(),
      categories: ['CERT'],
      batches: [
        {
          drawAt: new Date(Date.now() + 2 * hour).toISOString(),
          publishAt: new Date(Date.now() + 3 * hour).toISOString(),
          quotas: { CERT: 1 },
        },
      ],
    },
    reviewers.approver,
  );
  const e = await qualifiedEnterprise(p, officer, '南京门户旅程科技有限公司', new Date().getFullYear());
  // lottery learns of the qualification from its event: the claim may wait a moment for it
  for (let tries = 0; ; tries++) {
    const claim = await p.api('POST', `/lottery/campaigns/${grab.body.id}/claims`, { category: 'CERT' }, e.token);
    if (claim.status === 201) break;
    if (tries > 100) throw new Error(`claim refused: ${JSON.stringify(claim.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  enterprise = e;
  // a small lottery the scheduler draws and publishes within seconds, for the public result page
  await p.api(
    'POST',
    '/lottery/categories',
    {
      code: 'AUDIT',
      name: '审计服务专用券',
      faceValue: 100000,
      validityDays: 180,
      redemptionMode: 'balance',
      annualLimit: 1,
    },
    reviewers.approver,
  );
  const t = Date.now();
  const quick = await p.api(
    'POST',
    '/lottery/campaigns',
    {
      name: '审计券快速摇号',
      mode: 'lottery',
      opensAt: new Date(t - 1000).toISOString(),
      closesAt: new Date(t + 3000).toISOString(),
      categories: ['AUDIT'],
      batches: [
        { drawAt: new Date(t + 4000).toISOString(), publishAt: new Date(t + 5000).toISOString(), quotas: { AUDIT: 1 } },
      ],
    },
    reviewers.approver,
  );
  quickBatchId = quick.body.batches[0].id;
  expect(
    (await p.api('PUT', `/lottery/campaigns/${quick.body.id}/reservation`, { categories: ['AUDIT'] }, e.token)).status,
  ).toBe(200);
  expect((await p.api('PUT', '/wallet/pin', { pin: '246810', password: e.password }, e.token)).status).toBe(204);
  browser = await launchBrowser();
  page = await browser.newPage();
  refusedByCsp = cspViolations(page);
});
afterAll(async () => {
  await browser?.close();
  await p?.close();
});

describe('journey in the browser: a visitor, then an enterprise (issue 10, first slice)', () => {
  it('asks for the catalogue’s first products once, as the answer to / names them, and on no other page (issue 20 item 6)', async () => {
    const visitor = await browser.newPage();
    const asked: string[] = [];
    visitor.on('request', (r) => {
      if (r.url().includes('/api/v1/catalog/products')) asked.push(r.url().replace(p.platform.gatewayUrl, ''));
    });
    await visitor.goto(`${p.platform.gatewayUrl}/announcements`);
    await visitor.waitForLoadState('networkidle');
    expect(asked).toEqual([]);
    await visitor.goto(`${p.platform.gatewayUrl}/`);
    await visitor.getByTestId('product-card').first().waitFor();
    // the page's own query took the answer the browser fetched ahead, from the Link header: one request, not two
    expect(asked).toEqual(['/api/v1/catalog/products?page=1&pageSize=12']);
    const initiators = await visitor.evaluate<string[]>(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/catalog/products')).map((e) => e.initiatorType)`,
    );
    expect(initiators).toEqual(['link']);
    await visitor.close();
  });

  it('finds a product by a Chinese keyword and reads its voucher terms', async () => {
    await page.goto(`${p.platform.gatewayUrl}/`);
    await page.getByPlaceholder('输入关键词').fill('环境管理');
    await page.getByRole('button', { name: '搜索' }).click();
    const card = page.getByTestId('product-card').filter({ hasText: 'ISO14001环境管理体系认证' });
    await card.getByRole('link').click();
    await expect.poll(() => page.getByTestId('product-name').textContent()).toBe('ISO14001环境管理体系认证');
    const terms = await page.getByTestId('voucher-terms').textContent();
    expect(terms).toContain('CERT');
    expect(terms).toContain('2000.00');
  });

  it('signs in as the enterprise and sees its voucher, its reservations greyed with the reason, in both languages', async () => {
    await signIn(page, p.platform.gatewayUrl, enterprise.username, 'Journey#2026');
    await page.waitForURL('**/wallet');
    const available = page.getByTestId('vouchers-available');
    await expect.poll(() => available.textContent(), { timeout: 10_000 }).toContain('2000.00');
    await screenshot(page, 'enterprise-voucher-bag');

    await page.getByRole('link', { name: '服务券申领' }).click();
    const greyed = page.getByTestId('greyed').first();
    await expect.poll(() => greyed.getAttribute('data-reason'), { timeout: 10_000 }).toBe('ANNUAL_LIMIT_REACHED');
    expect(await greyed.textContent()).toContain('当前服务券已达年度上限');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'My vouchers' }).count()).toBe(1);
    expect(await page.getByTestId('greyed').first().textContent()).toContain('Annual limit');
  });

  it('orders the product paying part with the voucher and the PIN pad, then cancels it (ORD-1/3, seed 003 §4.6)', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('link', { name: '服务商品' }).click();
    await page.getByPlaceholder('输入关键词').fill('环境管理');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('product-card').getByRole('link').first().click();
    await page.getByRole('button', { name: '立即购买' }).click();
    const dialog = page.getByRole('dialog');
    // the voucher's own amount field, once the voucher bag has loaded into the form (the quantity field is there before)
    await dialog.locator('input[data-testid^="use-"], [data-testid^="use-"] input').first().fill('1000');
    await expect.poll(() => dialog.getByTestId('cash-due').textContent()).toBe('¥3000.00');
    for (const [i, digit] of [...'246810'].entries()) await dialog.locator('.ant-otp input').nth(i).fill(digit);
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: '提交订单' }).click();
    await page.waitForURL('**/orders/*');
    await expect.poll(() => page.getByTestId('order-state').textContent(), { timeout: 10_000 }).toBe('待支付');
    await screenshot(page, 'enterprise-order');
    await page.getByRole('button', { name: '取消订单' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('order-state').textContent(), { timeout: 10_000 }).toBe('已取消');
  });

  it('the provider signs in to its workbench, accepts the order and records a service visit (seed 001 §3-4)', async () => {
    // the cancelled order's vouchers come back through the orders saga's refund, which may finish after the answer
    // the grabbed CERT voucher, the one the product accepts (the bag also holds the drawn AUDIT one, in no set order)
    const voucher = async () =>
      (await p.api('GET', '/wallet/vouchers', undefined, enterprise.token)).body.items.find(
        (v: { category: string }) => v.category === 'CERT',
      );
    await expect.poll(async () => (await voucher()).balance, { timeout: 15_000 }).toBe((await voucher()).faceValue);
    const voucherId = (await voucher()).id;
    const placed = await p.api(
      'POST',
      '/orders',
      {
        productId,
        specName: '标准版',
        quantity: 1,
        agreementAccepted: true,
        vouchers: [{ voucherId, amount: 100000 }],
        pin: '246810',
      },
      enterprise.token,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const receipt = await upload(p, enterprise.token, 'payment_receipt', PNG, '凭证.png');
    const received = await p.api(
      'POST',
      `/orders/${placed.body.id}/receipts`,
      { fileIds: [receipt] },
      enterprise.token,
    );
    expect(received.status).toBe(200);

    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, p.platform.gatewayUrl, provider.username, 'Journey#2026');
    await page.waitForURL('**/workbench/orders');
    const row = page.getByTestId('provider-orders').locator('tr', { hasText: placed.body.orderNo });
    await row.getByRole('button', { name: '确认订单' }).click();
    await expect.poll(() => row.locator('.ant-tag').textContent(), { timeout: 10_000 }).toBe('已确认');
    await row.getByRole('button', { name: '服务记录' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('服务日期').click();
    await page.locator('.ant-picker-cell-today').click();
    await dialog.getByLabel('服务工程师').fill('张工');
    await dialog.getByLabel('服务内容').fill('现场差距诊断');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect
      .poll(
        async () =>
          (await p.api('GET', `/orders/${placed.body.id}`, undefined, provider.token)).body.serviceRecords.length,
      )
      .toBe(1);

    await page.getByRole('link', { name: '商品管理' }).click();
    await expect.poll(() => page.getByTestId('product-state').first().textContent()).toBe('已上架');
  });

  it('anyone re-derives a published draw in the browser and finds it valid (LOT-6)', async () => {
    await expect
      .poll(async () => (await p.api('GET', `/lottery/batches/${quickBatchId}/publication`)).status, {
        timeout: 20_000,
      })
      .toBe(200);
    await page.goto(`${p.platform.gatewayUrl}/publications/${quickBatchId}`);
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('verification').textContent()).toContain('验证通过');
    await screenshot(page, 'draw-result-verified');
    expect(await page.locator('table').last().textContent()).toContain('南京**有限公司');
  });

  it('works under its security headers: everything above ran with nothing refused by the CSP (issue 16)', async () => {
    const home = await page.goto(`${p.platform.gatewayUrl}/`);
    const headers = home!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await page.goto(`${p.platform.gatewayUrl}/docs/`);
    await expect.poll(() => page.locator('.swagger-ui .opblock').count(), { timeout: 10_000 }).toBeGreaterThan(10);
    expect(refusedByCsp).toEqual([]);
  });
});
