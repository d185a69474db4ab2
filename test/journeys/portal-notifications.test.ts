import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cspViolations, launchBrowser, screenshot, signIn } from './browser.ts';
import { ADMIN, journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  account,
  adminToken,
  appliedEnterprise,
  certCampaign,
  certifiedProvider,
  codeSentTo,
  enterpriseWithVoucher,
  listedProduct,
  PNG,
  reviewerTeam,
  staffAccount,
  upload,
  voucherQualification,
  type Person,
} from './actors.ts';

// Issue 18 item 5 in a real browser: the bell in every area's header, the inbox, the preferences, 我的待办.
let p: JourneyPlatform;
let browser: Browser;
let page: Page;
let officer: Person & { token: string };
let enterprise: Awaited<ReturnType<typeof appliedEnterprise>>;
const contexts: BrowserContext[] = [];
/** what Chromium refused under the portal's CSP, on every page of this file */
const refusedByCsp: string[] = [];
const COMPANY = '南京消息通知科技有限公司';

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const opened = await context.newPage();
  const refused = cspViolations(opened);
  opened.on('close', () => refusedByCsp.push(...refused));
  // a stuck step fails with the locator it waited for, well within the test's own time
  opened.setDefaultTimeout(15_000);
  return opened;
}

/** The unread count the gateway gives the enterprise, once the notifications service has written its messages. */
async function unreadOf(token: string): Promise<number> {
  const res = await p.api('GET', '/notifications/unread-count', undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.unread;
}

const bell = (on: Page) => on.getByTestId('notification-bell');
/** how long a page may take to show what it fetched, on a machine that runs the whole platform */
const soon = { timeout: 10_000 };

beforeAll(async () => {
  p = await journeyPlatform('jpnotif');
  officer = await staffAccount(p, await adminToken(p), 'district_officer', { district: '玄武区' });
  enterprise = await appliedEnterprise(p, COMPANY);
  browser = await launchBrowser();
  page = await newPage();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await p?.close();
});

describe('notifications in the portal (issue 18 item 5)', () => {
  it("the officer's approval reaches the enterprise's bell; the inbox shows it in Chinese and in English, opening it reads it and the bell goes to 0", async () => {
    const approved = await p.api(
      'POST',
      `/qualification/reviews/${enterprise.applicationId}/approve`,
      undefined,
      officer.token,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await expect.poll(() => unreadOf(enterprise.token), { timeout: 15_000 }).toBe(1);

    await signIn(page, p.platform.gatewayUrl, enterprise.username, enterprise.password);
    await page.waitForURL('**/wallet');
    await expect.poll(() => bell(page).getAttribute('data-unread'), soon).toBe('1');
    expect(await bell(page).getAttribute('aria-label')).toBe('消息通知（1条未读）');

    await bell(page).click();
    await page.waitForURL('**/notifications');
    const rows = page.getByTestId('inbox-message');
    await expect.poll(() => rows.count(), soon).toBe(1);
    const row = rows.first();
    expect(await row.getAttribute('data-unread')).toBe('true');
    // unread is first-class: its title is bold
    expect(await row.locator('strong').textContent()).toBe('企业认证已通过');
    expect(await row.getByTestId('message-excerpt').textContent()).toContain(
      `您提交的企业认证（${COMPANY}）已审核通过`,
    );
    expect(await row.textContent()).toContain('审核结果');
    await screenshot(page, 'notifications-inbox-zh');

    // the same message in English: every message carries both languages
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => row.getByTestId('message-title').textContent(), soon)
      .toBe('Enterprise certification approved');
    expect(await row.getByTestId('message-excerpt').textContent()).toContain(
      `Your enterprise certification of ${COMPANY} has been approved`,
    );
    expect(await page.getByText('Mark all read').count()).toBe(1);
    expect(await bell(page).getAttribute('aria-label')).toBe('Notifications (1 unread)');

    // opening it reads it: the bell goes to 0 and the row is no longer bold
    await row.click();
    await expect
      .poll(() => page.getByTestId('message-body').textContent(), soon)
      .toContain(`Your enterprise certification of ${COMPANY} has been approved`);
    await expect.poll(() => bell(page).getAttribute('data-unread'), soon).toBe('0');
    await page.getByTestId('message-close').click();
    await expect.poll(() => rows.first().getAttribute('data-unread'), soon).toBe('false');
    expect(await rows.first().locator('strong').count()).toBe(0);
    expect(await unreadOf(enterprise.token)).toBe(0);

    // unread only: nothing left, and the empty state says so
    await page.getByTestId('unread-only').click();
    await expect.poll(() => page.getByTestId('inbox-empty').textContent(), soon).toBe('No unread messages');
    expect(await rows.count()).toBe(0);
    await screenshot(page, 'notifications-inbox-en');
  });

  it('the bell, polling on its own, shows a new message within 30 s; the open inbox lists it, and "mark all read" takes the bell to 0', async () => {
    const year = Number(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }));
    const vq = await p.api(
      'POST',
      '/qualification/voucher-qualifications',
      await voucherQualification(p, enterprise.token, year),
      enterprise.token,
    );
    expect(vq.status, JSON.stringify(vq.body)).toBe(201);
    const approved = await p.api('POST', `/qualification/reviews/${vq.body.id}/approve`, undefined, officer.token);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await expect.poll(() => unreadOf(enterprise.token), { timeout: 15_000 }).toBe(1);

    // no reload, no navigation: the bell asks again every 30 s, and the page still filters on the unread
    await expect.poll(() => bell(page).getAttribute('data-unread'), { timeout: 45_000, interval: 1_000 }).toBe('1');
    const rows = page.getByTestId('inbox-message');
    await expect.poll(() => rows.count(), soon).toBe(1);
    expect(await rows.first().getAttribute('data-unread')).toBe('true');
    expect(await rows.first().getByTestId('message-title').textContent()).toBe(
      `Voucher qualification for ${year} approved`,
    );

    await page.getByTestId('mark-all-read').click();
    await expect.poll(() => bell(page).getAttribute('data-unread'), soon).toBe('0');
    await expect.poll(() => page.getByTestId('inbox-empty').count(), soon).toBe(1);
    expect(await unreadOf(enterprise.token)).toBe(0);

    // all of them, read, newest first
    await page.getByTestId('unread-only').click();
    await expect.poll(() => rows.count(), soon).toBe(2);
    expect(await rows.nth(0).getByTestId('message-title').textContent()).toBe(
      `Voucher qualification for ${year} approved`,
    );
    expect(await rows.nth(1).getByTestId('message-title').textContent()).toBe('Enterprise certification approved');
    expect(await page.locator('[data-testid="inbox-message"][data-unread="true"]').count()).toBe(0);
  }, 90_000);

  it("every area's header has the bell: the provider's workbench and the officer's console", async () => {
    const provider = await account(p, 'provider');
    expect(await unreadOf(provider.token)).toBe(0);
    const providerPage = await newPage();
    await signIn(providerPage, p.platform.gatewayUrl, provider.username, provider.password);
    await providerPage.waitForURL('**/workbench/orders');
    await expect.poll(() => bell(providerPage).getAttribute('data-unread'), soon).toBe('0');
    // on a public page too, once signed in
    await providerPage.goto(`${p.platform.gatewayUrl}/announcements`);
    await expect.poll(() => bell(providerPage).getAttribute('data-unread'), soon).toBe('0');

    const officerPage = await newPage();
    await signIn(officerPage, p.platform.gatewayUrl, officer.username, officer.password, () =>
      codeSentTo(p, officer.mobile, 'second_factor'),
    );
    await officerPage.waitForURL('**/admin');
    await expect.poll(() => bell(officerPage).getAttribute('data-unread'), soon).toBe('0');
    await bell(officerPage).click();
    await officerPage.waitForURL('**/notifications');
    await expect.poll(() => officerPage.getByTestId('inbox-empty').textContent(), soon).toBe('暂无消息');
    await screenshot(officerPage, 'notifications-empty');

    // a visitor has no bell
    const visitor = await newPage();
    await visitor.goto(`${p.platform.gatewayUrl}/`);
    await visitor.getByRole('button', { name: '登录' }).waitFor();
    expect(await bell(visitor).count()).toBe(0);
  });

  it("我的待办 on the enterprise's home page: shown when the to-do routes answer, hidden (no error) while they do not", async () => {
    const counts = await p.api('GET', '/todos/counts', undefined, enterprise.token);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/todos/counts'));
    await page.goto(`${p.platform.gatewayUrl}/wallet`);
    expect((await answered).status()).toBe(counts.status);
    await page.getByRole('tab').first().waitFor();
    if (counts.status === 404 || counts.status === 503) {
      // TODO(issue 18): the gateway does not serve /todos yet; once it does this branch goes and the one below runs
      await expect.poll(() => page.getByTestId('todo-panel').count(), soon).toBe(0);
      expect(await page.getByTestId('load-error').count()).toBe(0);
      return;
    }
    expect(counts.status, JSON.stringify(counts.body)).toBe(200);
    await expect.poll(() => page.getByTestId('todo-panel').count(), soon).toBe(1);
    expect(await page.getByTestId('todo-total').textContent()).toContain(String(counts.body.total));
  });

  it("我的待办 on the provider's workbench: a paid order to accept, counted and linked to its row; accepted there, it leaves the list", async (ctx) => {
    const reviewers = await reviewerTeam(p);
    // the CERT category first: the catalogue learns of it from its event, while the provider is certified
    const campaignId = await certCampaign(p, reviewers.approver);
    const provider = await certifiedProvider(p, reviewers, '南京待办旅程服务有限公司');
    if ([404, 503].includes((await p.api('GET', '/todos/counts', undefined, provider.token)).status)) {
      // TODO(issue 18): the gateway does not serve /todos yet; run again once it does
      ctx.skip();
    }
    const productId = await listedProduct(p, provider.token, reviewers, 'ISO9001质量管理体系认证');
    const buyer = await enterpriseWithVoucher(p, reviewers.officer, campaignId, '南京待办客户科技有限公司', '246810');
    const placed = await p.api(
      'POST',
      '/orders',
      {
        productId,
        specName: '标准版',
        quantity: 1,
        agreementAccepted: true,
        vouchers: [{ voucherId: buyer.voucherId, amount: 100000 }],
        pin: '246810',
      },
      buyer.token,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const receipt = await upload(p, buyer.token, 'payment_receipt', PNG, '凭证.png');
    const paid = await p.api('POST', `/orders/${placed.body.id}/receipts`, { fileIds: [receipt] }, buyer.token);
    expect(paid.body.state).toBe('awaiting_provider');
    const toAccept = async () =>
      (
        (await p.api('GET', '/todos/counts', undefined, provider.token)).body.byKind as {
          kind: string;
          count: number;
        }[]
      )
        .filter((k) => k.kind === 'order_to_accept')
        .reduce((sum, k) => sum + k.count, 0);
    await expect.poll(toAccept, { timeout: 15_000 }).toBe(1);

    const workbench = await newPage();
    await signIn(workbench, p.platform.gatewayUrl, provider.username, provider.password);
    await workbench.waitForURL('**/workbench/orders');
    const panel = workbench.getByTestId('todo-panel');
    await expect.poll(() => panel.getByTestId('todo-link').count(), soon).toBe(1);
    expect(await panel.textContent()).toContain('待确认订单');
    await screenshot(workbench, 'notifications-todos');
    // the link leads to where the work is done: the order's row on the provider's orders, marked
    await panel.getByTestId('todo-link').click();
    await workbench.waitForURL(`**/workbench/orders?order=${placed.body.id}`);
    const row = workbench.getByTestId('provider-orders').locator('tr[aria-current="true"]');
    await expect.poll(() => row.textContent(), soon).toContain(placed.body.orderNo);
    await row.getByRole('button', { name: '确认订单' }).click();
    await expect.poll(() => row.locator('.ant-tag').textContent(), soon).toBe('已确认');
    // accepted: the to-do is closed by the order's event, and the panel no longer lists it
    await expect.poll(toAccept, { timeout: 15_000 }).toBe(0);
    await workbench.reload();
    await expect.poll(() => workbench.getByTestId('todo-panel').count(), soon).toBe(1);
    await expect.poll(() => workbench.getByTestId('todo-link').count(), soon).toBe(0);
  }, 180_000);

  it("the preferences page: an essential kind's inbox is ticked and cannot be unticked (必选); a choice is saved with PUT", async (ctx) => {
    const view = await p.api('GET', '/notifications/preferences', undefined, enterprise.token);
    await page.goto(`${p.platform.gatewayUrl}/notifications/preferences`);
    if (view.status === 404 || view.status === 503) {
      // TODO(issue 18): the gateway does not serve /notifications/preferences yet: the page says so; run again once it does
      await expect.poll(() => page.getByTestId('preferences-unavailable').count(), soon).toBe(1);
      ctx.skip();
    }
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    // the gateway refuses it too: turning an essential kind's inbox off changes nothing
    const refused = await p.api(
      'PUT',
      '/notifications/preferences',
      { kinds: [{ kind: 'review_result', inbox: false }] },
      enterprise.token,
    );
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    // the reader left the portal in English in the first step
    const essentialInbox = page.getByRole('checkbox', { name: 'Review result Inbox' });
    await essentialInbox.waitFor();
    expect(await essentialInbox.isChecked()).toBe(true);
    expect(await essentialInbox.isDisabled()).toBe(true);
    const essentialRow = page.getByRole('row').filter({ hasText: 'Review result' });
    expect(await essentialRow.getByText('Essential', { exact: true }).count()).toBe(1);
    // a click on the disabled box changes nothing
    await essentialInbox.click({ force: true });
    expect(await essentialInbox.isChecked()).toBe(true);
    await screenshot(page, 'notifications-preferences');

    // a non-essential kind's SMS, unticked, and an address for email, saved
    const announcementSms = page.getByRole('checkbox', { name: 'Announcement SMS' });
    const wasOn = await announcementSms.isChecked();
    await announcementSms.click();
    await page.getByLabel('Email address for notifications').fill('notify@example.cn');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Notification settings saved').count(), soon).toBe(1);
    const saved = await p.api('GET', '/notifications/preferences', undefined, enterprise.token);
    expect(saved.body.email).toBe('notify@example.cn');
    const byKind = Object.fromEntries(
      (saved.body.kinds as { kind: string; inbox: boolean; sms: boolean }[]).map((k) => [k.kind, k]),
    );
    expect(byKind.announcement!.sms).toBe(!wasOn);
    expect(byKind.review_result!.inbox).toBe(true);
  });

  it("the programme's wording of a message (DOMAIN §0b): the admin sees the template's variables and the platform's words, an unknown {variable} is refused with nothing saved, the programme's wording is saved", async () => {
    const admin = await newPage();
    await signIn(admin, p.platform.gatewayUrl, ADMIN.username, ADMIN.password, () =>
      codeSentTo(p, ADMIN.mobile, 'second_factor'),
    );
    const token = await adminToken(p);
    const stored = async () => (await p.api('GET', '/admin/settings/notifications', undefined, token)).body;
    expect((await stored()).templateOverrides).toEqual([]);

    await admin.goto(`${p.platform.gatewayUrl}/admin/settings`);
    await admin.getByRole('tab', { name: '通知模板' }).click();
    await admin.getByTestId('wording-templates').getByText('voucher.reclaim_due', { exact: true }).click();
    const platformWords = admin.getByTestId('wording-voucher.reclaim_due-zh-CN-platform');
    await expect.poll(() => platformWords.textContent(), soon).toContain('服务券{daysLeft}天内将被收回');
    for (const variable of ['{categoryName}', '{voucherNumber}', '{reclaimOn}', '{daysLeft}']) {
      expect(await admin.getByTestId('wording-templates').getByText(variable, { exact: true }).count()).toBe(1);
    }

    // Guangdong's words (seed 004), first with a variable the template does not have: the service refuses it
    const title = admin.getByTestId('wording-voucher.reclaim_due-zh-CN-title');
    const body = admin.getByTestId('wording-voucher.reclaim_due-zh-CN-body');
    await title.fill('请在{daysLeft}天内下单使用服务券');
    await body.fill('您的{categoryName}余额{balance}元，如在{reclaimOn}前仍未下单，将被系统自动收回。');
    await admin.getByTestId('wording-save').click();
    const problems = admin.getByTestId('wording-problems');
    await expect.poll(() => problems.textContent(), soon).toContain('voucher.reclaim_due · 中文 · body');
    expect(await problems.textContent()).toContain('{balance}');
    expect((await stored()).templateOverrides).toEqual([]);
    await screenshot(admin, 'notifications-wording-refused');

    await body.fill(
      '请在当批次服务券发放结束后30个自然日内下单：您的{categoryName}（券号{voucherNumber}）如在{reclaimOn}前仍未下单，将被系统自动收回。',
    );
    await admin.getByTestId('wording-save').click();
    await expect.poll(() => admin.getByText('已保存').count(), soon).toBeGreaterThan(0);
    await expect.poll(() => admin.getByTestId('wording-own-voucher.reclaim_due').count(), soon).toBe(1);
    expect((await stored()).templateOverrides).toEqual([
      {
        template: 'voucher.reclaim_due',
        locale: 'zh-CN',
        title: '请在{daysLeft}天内下单使用服务券',
        body: '请在当批次服务券发放结束后30个自然日内下单：您的{categoryName}（券号{voucherNumber}）如在{reclaimOn}前仍未下单，将被系统自动收回。',
      },
    ]);
    await screenshot(admin, 'notifications-wording-saved');
    // the other tests of this file read the platform's words
    expect((await p.api('PUT', '/admin/settings/notifications', { templateOverrides: [] }, token)).status).toBe(200);
  });

  it("Chromium refused nothing under the portal's Content-Security-Policy", async () => {
    for (const c of contexts) for (const opened of c.pages()) await opened.close();
    expect(refusedByCsp).toEqual([]);
  });
});
