import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn } from './browser.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { adminToken, codeSentTo, creditCode, PDF, PNG, signedIn, staffAccount, type Person } from './actors.ts';
import {
  chooseOption,
  eventually,
  file,
  fillEnterpriseCertification,
  fillProductFields,
  pick,
  requestSmsCode,
} from './portal-forms.ts';

// DOMAIN §11, the main journey, clicked through in Debian's Chromium by each of its people in their own browser
// context: an enterprise's clerk, a provider, a district officer, an operator, an expert, an approver, finance, and
// at the end a visitor. Only what is no §11 step goes through the API: the administrator's staff accounts (ID-10),
// the provider directory (名录), the approver's second campaign, and the database's clock for the draw.
const PASSWORD = 'Journey#2026';
const ENTERPRISE = '南京主线旅程科技有限公司';
const PROVIDER = '济南主线旅程认证服务有限公司';
const PRODUCT = 'ISO27001信息安全管理体系认证';
const CAMPAIGN = '2026年第四期服务券';
const LATER_CAMPAIGN = '2026年第五期服务券';
const PIN = '246810';
/** each step's own time: the whole platform and a browser share two cores with the rest of the suite */
const STEP_TIMEOUT = 300_000;

type Staff = Person;

let p: JourneyPlatform;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const nine = () => String(randomInt(0, 1e9)).padStart(9, '0');
const enterprise = { username: `main_ent_${nine()}`, mobile: `16${nine()}` };
const provider = { username: `main_prov_${nine()}`, mobile: `15${nine()}` };
let officer: Staff, operator: Staff, expert: Staff, approver: Staff, finance: Staff;
// one page per person, each in its own browser context (cookies, storage, session)
let clerk: Page, seller: Page, officerPage: Page, operatorPage: Page, approverPage: Page, financePage: Page;
let orderNo: string;
let batch1: string;

beforeAll(async () => {
  p = await journeyPlatform('jpmain');
  base = p.platform.gatewayUrl;
  // ID-10: the administrator makes the platform's staff accounts (no §11 step)
  const admin = await adminToken(p);
  officer = await staffAccount(p, admin, 'district_officer', { district: '玄武区' });
  operator = await staffAccount(p, admin, 'operator');
  expert = await staffAccount(p, admin, 'expert');
  approver = await staffAccount(p, admin, 'approver');
  finance = await staffAccount(p, admin, 'finance');
  // QUA-3: the programme's eligible-provider directory (名录), imported by the administrator
  const imported = await fetch(`${base}/api/v1/admin/provider-directory`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    body: `name,creditCode,region\n${PROVIDER},,济南市\n`,
  });
  expect(imported.status).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await p?.close();
});

/** A fresh browser context, as another person's browser: its own cookies and storage, the programme's clock. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  // a stuck step fails with the locator it waited for, well within the step's own time
  page.setDefaultTimeout(30_000);
  return page;
}

/** A fresh access token, for the look through the API that a check needs (access tokens are short-lived, ID-3). */
async function tokenOf(who: Staff): Promise<string> {
  return (await signedIn(p, who)).accessToken;
}

/** A member of the programme's staff signs in through the form and lands on the console (/admin). */
async function staffPage(who: Staff): Promise<Page> {
  const page = await newPage();
  await signIn(page, base, who.username, who.password, () => codeSentTo(p, who.mobile, 'second_factor'));
  await page.waitForURL('**/admin');
  return page;
}

/**
 * Opens a page through the header menu, as a person does: a top entry, or a group hovered and one of its entries.
 * The person first lets the last notice fade (a pointer resting on a notice keeps it, and it covers the header),
 * and hovers again if the group's menu closed before the click.
 */
async function menu(page: Page, first: string, second?: string): Promise<void> {
  await page.mouse.move(8, 880);
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  const header = page.locator('.ant-layout-header .ant-menu');
  if (!second) {
    await header.getByRole('link', { name: first, exact: true }).click();
  } else {
    const link = page.locator('.ant-menu-submenu-popup').getByRole('link', { name: second, exact: true });
    for (let attempt = 1; ; attempt++) {
      await header.getByText(first, { exact: true }).hover();
      try {
        await link.click({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt === 5) throw e;
        await page.mouse.move(8, 880);
      }
    }
  }
  // the pointer leaves the menu, which closes behind it (and is out of the screenshots)
  await page.mouse.move(8, 880);
  await eventually(() => page.locator('.ant-menu-submenu-popup:not(.ant-menu-submenu-hidden)').count()).toBe(0);
}

/**
 * Waits until something shows, reloading between looks as a person does when a page shows older news: lists are
 * kept for ten seconds, and what other services learn by events arrives a moment later.
 */
async function reloadUntilShown(page: Page, target: Locator, timeout = 90_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      // each look gives the reloaded page time to load under a busy machine
      await target.first().waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.reload();
    }
  }
}

/** A tag or cell that says exactly these words. */
const saying = (locator: Locator, words: string) =>
  locator.filter({ hasText: new RegExp(`^${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

/** From the console's landing page, the card of one queue or page (QUA-8 我的待办). */
async function consoleEntry(page: Page, name: string): Promise<void> {
  await menu(page, '工作台');
  await page.getByTestId('admin-entry').filter({ hasText: name }).getByRole('link', { name, exact: true }).click();
}

/** Opens the row of a review queue and approves it in its drawer (QUA-1/3/4 and CAT-3). */
async function approveInQueue(page: Page, queue: Locator, rowText: string, approve: (drawer: Locator) => Locator) {
  const row = queue.locator('tr', { hasText: rowText });
  await reloadUntilShown(page, row);
  await row.click();
  const drawer = page.locator('.ant-drawer-section');
  await approve(drawer).click();
  await eventually(() => row.count()).toBe(0);
}

async function fillPin(pad: Locator, pin: string) {
  for (const [i, digit] of [...pin].entries()) await pad.locator('input').nth(i).fill(digit);
}

const option = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });

/** Picks a file through the browser's file chooser that a button opens, as a person does. */
async function chooseFile(page: Page, button: Locator, name: string, bytes: Buffer, mimeType: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles({ name, mimeType, buffer: bytes });
}

/** Picks today on a date field's calendar. */
async function pickToday(page: Page, field: Locator) {
  await pick(field, page.locator('.ant-picker-dropdown:visible .ant-picker-cell-today'));
  await eventually(() => field.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
}

/** "YYYY-MM-DD HH:mm" in Shanghai, as the approver types times (DOMAIN §0: the programme's wall clock). */
const shanghai = (ms: number) =>
  new Date(Math.floor(ms / 60_000) * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Registers through /register with the SMS code the development sink holds (ID-1, ID-6). */
async function register(page: Page, who: { username: string; mobile: string }, role: '企业用户' | '服务商') {
  await page.goto(`${base}/register`);
  await page.getByText(role, { exact: true }).click();
  await page.getByLabel('用户名', { exact: true }).fill(who.username);
  await page.getByLabel('手机号', { exact: true }).fill(who.mobile);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('确认密码', { exact: true }).fill(PASSWORD);
  await requestSmsCode(page, p);
  const sms = await p.api('GET', `/dev/sms/${who.mobile}`);
  expect(sms.body.purpose).toBe('register');
  await page.getByRole('checkbox').check();
  return sms.body.code as string;
}

/** A step of the journey; once one fails, the steps after it are skipped rather than failing in its wake. */
let brokenAt: string | null = null;
function step(name: string, run: () => Promise<void>) {
  it(
    name,
    async (ctx) => {
      if (brokenAt) ctx.skip(`step ${brokenAt} failed`);
      try {
        await run();
      } catch (e) {
        brokenAt = name.slice(0, 1);
        throw e;
      }
    },
    STEP_TIMEOUT,
  );
}

describe('the main journey of DOMAIN §11 in the browser, each person in their own context', () => {
  step(
    '1. an enterprise registers (a wrong SMS code refused first), signs in, answers the survey, applies for certification with its licence; its district officer approves',
    async () => {
      clerk = await newPage();
      const code = await register(clerk, enterprise, '企业用户');
      // the bad input a person makes: a mistyped code is refused with its words, and opens no account
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await clerk.getByLabel('短信验证码').fill(wrong);
      await clerk.getByRole('button', { name: '注册' }).click();
      await eventually(() => clerk.getByTestId('form-error').textContent()).toBe('短信验证码错误或已过期');
      expect(
        await p.query('SELECT 1 FROM identity.users WHERE username = $1', [enterprise.username]),
        'no account from a wrong code',
      ).toEqual([]);
      await clerk.getByLabel('短信验证码').fill(code);
      await clerk.getByRole('button', { name: '注册' }).click();
      await clerk.waitForURL('**/login');

      await signIn(clerk, base, enterprise.username, PASSWORD);
      await clerk.waitForURL('**/wallet');
      await menu(clerk, '会员中心', '需求调查');
      await clerk.getByLabel('所在市').fill('南京市');
      await clerk.getByText('私营企业', { exact: true }).click();
      await clerk.getByRole('button', { name: '提交' }).click();
      await eventually(() => clerk.getByTestId('survey-answered').count()).toBe(1);

      await menu(clerk, '会员中心', '企业认证');
      await eventually(() => clerk.getByTestId('no-application').count()).toBe(1);
      await clerk.getByLabel('统一社会信用代码').fill(creditCode());
      await fillEnterpriseCertification(clerk, ENTERPRISE);
      // the Enter that closed the date picker sent the form once; the upload clears the licence's error
      await eventually(() => clerk.getByText('请上传此附件').count()).toBe(0);
      await clerk.getByRole('button', { name: '提交' }).click();
      await eventually(() => clerk.getByTestId('application-state').textContent()).toBe('审核中');

      officerPage = await staffPage(officer);
      await consoleEntry(officerPage, '资质审核');
      const queue = officerPage.getByTestId('qualification-queue');
      await queue.locator('tr', { hasText: ENTERPRISE }).click();
      const drawer = officerPage.locator('.ant-drawer-section');
      await eventually(() => drawer.getByTestId('application-data').textContent()).toContain('玄武区');
      await drawer.getByTestId('approve').click();
      await eventually(() => queue.locator('tr', { hasText: ENTERPRISE }).count()).toBe(0);

      await reloadUntilShown(clerk, saying(clerk.getByTestId('application-state'), '已认证'));
      await screenshot(clerk, 'main-01-certified');
    },
  );

  step(
    '2. it applies for the year’s voucher qualification with its three attachments; the district officer approves',
    async () => {
      await menu(clerk, '会员中心', '服务券资格');
      await eventually(() => clerk.getByTestId('no-application').count()).toBe(1);
      const fields: [string, string][] = [
        ['所在区县', '玄武区'],
        ['所属行业', '软件和信息技术服务业'],
        ['企业类型', '私营企业'],
        ['主营业务', '工业软件研发与实施'],
        ['职工总数', '12'],
        ['上年度纳税额', '50000'],
        ['上年度营业收入', '12300000'],
        ['上年度研发投入', '800000'],
        ['上年资产总额', '1000000'],
      ];
      for (const [label, value] of fields) await clerk.getByLabel(label, { exact: true }).fill(value);
      for (const [name, upload] of [
        ['applicationForm', file('入库申请表.pdf', PDF, 'application/pdf')],
        ['licenceCopy', file('营业执照复印件.png', PNG, 'image/png')],
        ['commitmentLetter', file('承诺书.pdf', PDF, 'application/pdf')],
      ] as const) {
        await clerk.getByTestId(`attachment-${name}`).locator('input[type=file]').setInputFiles(upload);
        await eventually(() => clerk.getByTestId(`attachment-${name}-done`).textContent()).toBe(upload.name);
      }
      await clerk.getByRole('button', { name: '提交' }).click();
      await eventually(() => clerk.getByTestId('application-state').textContent()).toBe('审核中');

      await consoleEntry(officerPage, '资质审核');
      await approveInQueue(officerPage, officerPage.getByTestId('qualification-queue'), ENTERPRISE, (d) =>
        d.getByTestId('approve'),
      );
      await reloadUntilShown(clerk, saying(clerk.getByTestId('application-state'), '审核通过'));
      await screenshot(clerk, 'main-02-qualified');
    },
  );

  step(
    '3. the approver sets up the categories; a provider registers, finds itself in the directory, is certified by operator then approver, adds a bank account and a product that passes operator, expert and final review',
    async () => {
      // LOT-1: the categories the product's voucher terms name and the campaign offers
      approverPage = await staffPage(approver);
      await menu(approverPage, '服务券', '券种管理');
      for (const [code, name, faceValue] of [
        ['CERT', '体系认证服务专用券', '3000'],
        ['AUDIT', '审计服务专用券', '1000'],
      ]) {
        await approverPage.getByRole('button', { name: '新增券种' }).click();
        const dialog = approverPage.getByRole('dialog', { name: '新增券种' });
        await dialog.getByLabel('券种编码').fill(code!);
        await dialog.getByLabel('券种名称').fill(name!);
        await dialog.getByLabel('面值（元）').fill(faceValue!);
        await dialog.getByRole('button', { name: '创建' }).click();
        await eventually(() => approverPage.getByTestId('categories').textContent()).toContain(name);
      }

      seller = await newPage();
      const code = await register(seller, provider, '服务商');
      await seller.getByLabel('短信验证码').fill(code);
      await seller.getByRole('button', { name: '注册' }).click();
      await seller.waitForURL('**/login');
      await signIn(seller, base, provider.username, PASSWORD);
      await seller.waitForURL('**/workbench/orders');

      await menu(seller, '我的企业', '服务商认证');
      await seller.getByPlaceholder('请输入机构全称').fill(PROVIDER);
      await eventually(() => seller.getByTestId('directory-result').textContent()).toContain('符合资格');
      await seller.getByLabel('统一社会信用代码').fill(creditCode());
      await seller.getByLabel('联系人').fill('王五');
      await seller.getByLabel('联系电话').fill('13900000000');
      await seller.getByText('诊断咨询', { exact: true }).click();
      await seller.getByText('数字化转型贯标', { exact: true }).click();
      await seller.getByLabel('核心产品').fill('数字化诊断、体系认证咨询');
      await seller.getByLabel('服务行业').fill('制造业');
      await seller.getByLabel('服务行业').press('Enter');
      await seller.getByLabel('服务行业').press('Escape');
      await seller.getByLabel('工业企业客户数量').fill('30');
      const year = Number(
        new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
      );
      for (const [i, y] of [year - 3, year - 2, year - 1].entries())
        await seller.getByLabel(`${y}年营业收入`).fill(String(1_000_000 + i * 200_000));
      await seller.getByText('本市', { exact: true }).click();
      await seller.getByLabel('服务城市').fill('济南市');
      await seller
        .getByTestId('licence-upload')
        .locator('input[type=file]')
        .setInputFiles(file('营业执照.png', PNG, 'image/png'));
      await eventually(() => seller.getByTestId('licence-upload-done').textContent()).toBe('营业执照.png');
      await seller
        .getByTestId('commitment-upload')
        .locator('input[type=file]')
        .setInputFiles(file('承诺书.pdf', PDF, 'application/pdf'));
      await eventually(() => seller.getByTestId('commitment-upload-done').textContent()).toBe('承诺书.pdf');
      await seller.getByTestId('submit-certification').click();
      await eventually(() => seller.getByTestId('certification-state').textContent()).toBe('待运营审核');

      // QUA-3: an operator first, then the approver
      operatorPage = await staffPage(operator);
      await consoleEntry(operatorPage, '资质审核');
      await approveInQueue(operatorPage, operatorPage.getByTestId('qualification-queue'), PROVIDER, (d) =>
        d.getByTestId('approve'),
      );
      await consoleEntry(approverPage, '资质审核');
      await approveInQueue(approverPage, approverPage.getByTestId('qualification-queue'), PROVIDER, (d) =>
        d.getByTestId('approve'),
      );
      await reloadUntilShown(seller, saying(seller.getByTestId('certification-state'), '认证成功'));
      await screenshot(seller, 'main-03-provider-certified');

      // SET-1: the corporate account the redemption will be paid to
      await menu(seller, '服务券管理', '收款账号管理');
      await seller.getByTestId('add-bank-account').click();
      const account = seller.getByRole('dialog');
      await account.getByLabel('开户银行').fill('中国农业银行');
      await account.getByLabel('开户支行').fill('济南高新支行');
      await account.getByLabel('银行开户名称').fill(PROVIDER);
      await account.getByLabel('银行账号').fill('6228480010012233445');
      await account.getByRole('button', { name: '确认' }).click();
      await eventually(() => seller.getByTestId('bank-accounts').textContent()).toContain('6228480010012233445');

      // CAT-1/2: the product, every field through the editor, accepting the CERT voucher up to 2,000 yuan a unit
      await menu(seller, '商品管理');
      await seller.getByTestId('new-product').click();
      await seller.waitForURL('**/workbench/products/new');
      await seller.getByLabel('方案名称').fill(PRODUCT);
      await fillProductFields(seller, {
        related: '信息安全管理体系',
        tags: ['认证', '信息安全'],
        description: '从差距诊断到取证的一站式信息安全管理体系认证服务',
      });
      await seller.getByLabel('最高用券额度').fill('2000');
      await seller.getByTestId('submit-product').click();
      await seller.waitForURL('**/workbench/products');
      const mine = seller.getByTestId('my-products').locator('tr', { hasText: PRODUCT });
      await eventually(() => mine.getByTestId('product-state').textContent()).toBe('运营审核中');

      // CAT-3: operator, expert, then the approver's final review, each from its own queue
      const approveProduct = (d: Locator) => d.getByRole('button', { name: '审核通过' });
      await consoleEntry(operatorPage, '商品审核');
      await approveInQueue(operatorPage, operatorPage.getByTestId('product-queue'), PRODUCT, approveProduct);
      const expertPage = await staffPage(expert);
      await consoleEntry(expertPage, '商品审核');
      await approveInQueue(expertPage, expertPage.getByTestId('product-queue'), PRODUCT, approveProduct);
      await consoleEntry(approverPage, '商品审核');
      await approveInQueue(approverPage, approverPage.getByTestId('product-queue'), PRODUCT, approveProduct);
      await reloadUntilShown(seller, saying(mine.getByTestId('product-state'), '已上架'));
      await screenshot(seller, 'main-03-product-listed');
    },
  );

  step(
    '4. the approver configures a campaign of two categories and two batches; the enterprise reserves both; the scheduler draws batch 1 at its time and publishes it; the enterprise won CERT; a category at its annual limit stays greyed',
    async () => {
      const now = Date.now();
      const closes = now + 24 * 3_600_000;
      const times = {
        opens: shanghai(now - 5 * 60_000),
        closes: shanghai(closes),
        draw1: shanghai(closes + 3_600_000),
        publish1: shanghai(closes + 2 * 3_600_000),
        draw2: shanghai(closes + 3 * 3_600_000),
        publish2: shanghai(closes + 4 * 3_600_000),
      };
      await menu(approverPage, '服务券', '预约活动');
      await approverPage.getByRole('button', { name: '新建预约活动' }).click();
      const form = approverPage.getByRole('dialog', { name: '新建预约活动' });
      await form.getByLabel('活动名称').fill(CAMPAIGN);
      const range = form.locator('.ant-picker-range input');
      await range.nth(0).click();
      await range.nth(0).fill(times.opens);
      await range.nth(0).press('Enter');
      await range.nth(1).fill(times.closes);
      await range.nth(1).press('Enter');
      await pick(form.getByLabel('券种'), option(approverPage, '体系认证服务专用券 (CERT)'));
      await option(approverPage, '审计服务专用券 (AUDIT)').click();
      await form.getByLabel('活动名称').click();
      await form.getByRole('button', { name: '添加批次' }).click();
      const batch = (n: number) => form.locator('.ant-card').filter({ hasText: `第${n}批` });
      for (const [n, drawAt, publishAt, quota] of [
        [1, times.draw1, times.publish1, 'CERT'],
        [2, times.draw2, times.publish2, 'AUDIT'],
      ] as const) {
        for (const [label, value] of [
          ['摇号时间', drawAt],
          ['公示时间', publishAt],
        ]) {
          const picker = batch(n).getByLabel(label!);
          await picker.click();
          await picker.fill(value!);
          await picker.press('Enter');
        }
        await batch(n).getByLabel(`名额 ${quota}`).fill('1');
      }
      await screenshot(approverPage, 'main-04-campaign-form');
      await form.getByRole('button', { name: '创建' }).click();
      await eventually(() => approverPage.getByTestId('campaigns').textContent()).toContain(CAMPAIGN);
      const campaign = (await p.api('GET', '/lottery/campaigns', undefined, await tokenOf(approver))).body.items.find(
        (c: { name: string }) => c.name === CAMPAIGN,
      );
      expect(campaign.state).toBe('open');
      expect([...campaign.categories].sort()).toEqual(['AUDIT', 'CERT']);
      expect(campaign.batches.map((b: { quotas: unknown }) => b.quotas)).toEqual([{ CERT: 1 }, { AUDIT: 1 }]);
      batch1 = campaign.batches[0].id;

      // LOT-3: the enterprise ticks both categories, one after the other as each is saved
      await menu(clerk, '服务券申领');
      const card = clerk.getByTestId('campaign').filter({ hasText: CAMPAIGN });
      for (const category of ['CERT', 'AUDIT']) {
        const box = card.getByRole('checkbox', { name: category, disabled: false });
        // lottery learns of the qualification from its event: the category may be greyed for a moment
        await reloadUntilShown(clerk, box);
        // the box follows the saved reservation, so it turns ticked once the server has it
        await box.click();
        await eventually(() => card.locator('label', { hasText: category }).textContent()).toContain('已预约');
      }
      await screenshot(clerk, 'main-04-reserved');

      // time moves on: the window closes and batch 1's draw time arrives (the scheduler does the rest)
      await p.query(`UPDATE lottery.campaigns SET closes_at = now() - interval '1 second' WHERE id = $1`, [
        campaign.id,
      ]);
      await p.query(
        `UPDATE lottery.batches SET draw_at = now(), publish_at = now() + interval '2 seconds' WHERE id = $1`,
        [batch1],
      );
      await expect
        .poll(async () => (await p.api('GET', `/lottery/batches/${batch1}/publication`)).status, {
          timeout: 60_000,
          interval: 500,
        })
        .toBe(200);
      const steps = await p.query<{ action: string; actor_role: string }>(
        `SELECT action, actor_role FROM lottery.audit_log WHERE entity = 'batch' AND entity_id = $1 ORDER BY at`,
        [batch1],
      );
      expect(steps).toEqual([
        { action: 'drawn', actor_role: 'scheduler' },
        { action: 'published', actor_role: 'scheduler' },
      ]);

      // LOT-7: 中签 for CERT in batch 1; AUDIT waits for batch 2
      await menu(clerk, '会员中心', '预约记录');
      const rows = clerk.getByTestId('reservations');
      const certRow = rows.locator('tr', { hasText: '体系认证服务专用券' });
      const won = certRow.getByTestId('batch-result').and(clerk.locator('[data-result="won"]'));
      await eventually(() => won.textContent()).toContain('中签');
      expect(await certRow.getByTestId('reservation-state').textContent()).toBe('已中签');
      const auditRow = rows.locator('tr', { hasText: '审计服务专用券' });
      expect(await auditRow.getByTestId('reservation-state').textContent()).toBe('已预约');
      await screenshot(clerk, 'main-04-won');

      // LOT-4, the bad input: the approver's next campaign offers CERT again, which is greyed with its reason
      const later = await p.api(
        'POST',
        '/lottery/campaigns',
        {
          name: LATER_CAMPAIGN,
          mode: 'lottery',
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          closesAt: new Date(closes).toISOString(),
          categories: ['CERT', 'AUDIT'],
          batches: [
            {
              drawAt: new Date(closes + 3_600_000).toISOString(),
              publishAt: new Date(closes + 2 * 3_600_000).toISOString(),
              quotas: { CERT: 1, AUDIT: 1 },
            },
          ],
        },
        await tokenOf(approver),
      );
      expect(later.status, JSON.stringify(later.body)).toBe(201);
      await menu(clerk, '服务券申领');
      const next = clerk.getByTestId('campaign').filter({ hasText: LATER_CAMPAIGN });
      const greyed = next.getByTestId('greyed').filter({ hasText: 'CERT' });
      await reloadUntilShown(clerk, greyed);
      expect(await greyed.getAttribute('data-reason')).toBe('ANNUAL_LIMIT_REACHED');
      expect(await greyed.textContent()).toContain('当前服务券已达年度上限');
      await greyed.hover();
      await eventually(() => clerk.getByRole('tooltip').textContent()).toContain('当前服务券已达年度上限');
      const certBox = next.getByRole('checkbox', { name: 'CERT' });
      expect(await certBox.isDisabled()).toBe(true);
      // the click a person tries on the greyed box changes nothing
      await certBox.click({ force: true });
      expect(await certBox.isChecked()).toBe(false);
      await screenshot(clerk, 'main-04-greyed');
      // the category beside it is reservable: its save is the sign that nothing went before it for CERT
      await next.getByRole('checkbox', { name: 'AUDIT' }).click();
      await eventually(() => next.locator('label', { hasText: 'AUDIT' }).textContent()).toContain('已预约');
      const held = await p.query<{ category_code: string }>(
        'SELECT category_code FROM lottery.reservations WHERE campaign_id = $1',
        [later.body.id],
      );
      expect(held.map((r) => r.category_code)).toEqual(['AUDIT']);
      expect(await certBox.isChecked()).toBe(false);
    },
  );

  step(
    '5. the voucher is in the bag with its + bill; the enterprise sets its PIN (a weak one refused), is refused an over-limit voucher amount, orders paying part with the voucher and the PIN and the rest offline with a receipt; the provider accepts',
    async () => {
      await menu(clerk, '我的服务券');
      const voucher = clerk.getByTestId('vouchers-available').locator('tr', { hasText: '体系认证服务专用券' });
      await reloadUntilShown(clerk, voucher);
      expect(await voucher.locator('td').allTextContents()).toEqual(
        expect.arrayContaining(['体系认证服务专用券', '3000.00', '可使用']),
      );
      await clerk.getByRole('tab', { name: '账单' }).click();
      const bills = clerk.getByRole('tabpanel', { name: '账单' });
      await eventually(() => bills.textContent()).toContain('摇号中签发放');
      expect(await bills.textContent()).toContain('+3000.00');
      await screenshot(clerk, 'main-05-wallet');

      // WAL-2: a PIN of one repeated digit is refused with its words, then a good one is set
      await menu(clerk, '会员中心', '支付密码维护');
      const pinForm = clerk.getByTestId('pin-form-set');
      const pads = pinForm.locator('.ant-otp');
      await pinForm.getByLabel('登录密码').fill(PASSWORD);
      await fillPin(pads.nth(0), '111111');
      await fillPin(pads.nth(1), '111111');
      await pinForm.getByRole('button', { name: '提交' }).click();
      await eventually(() => pinForm.getByTestId('form-error').textContent()).toBe(
        '支付密码过于简单：不能是连续或相同的数字',
      );
      await fillPin(pads.nth(0), PIN);
      await fillPin(pads.nth(1), PIN);
      await pinForm.getByRole('button', { name: '提交' }).click();
      await eventually(() => pinForm.getByTestId('pin-saved').textContent()).toBe('支付密码已设置');

      await menu(clerk, '服务商品');
      await clerk.getByPlaceholder('输入关键词').fill('信息安全');
      await clerk.getByRole('button', { name: '搜索' }).click();
      await clerk.getByTestId('product-card').filter({ hasText: PRODUCT }).getByRole('link').first().click();
      await eventually(() => clerk.getByTestId('product-name').textContent()).toBe(PRODUCT);
      await clerk.getByRole('button', { name: '立即购买' }).click();
      const dialog = clerk.getByRole('dialog');
      // the voucher's own amount field, once the voucher bag has loaded into the form (the quantity field is there before)
      const use = dialog.locator('input[data-testid^="use-"], [data-testid^="use-"] input');
      await eventually(() => use.count()).toBe(1);
      const placeOrder = dialog.getByRole('button', { name: '提交订单' });

      // WAL-4, the bad input: 2,500 yuan of a 3,000 voucher, above the product's 2,000 a unit
      await use.fill('2500');
      await fillPin(dialog.locator('.ant-otp'), PIN);
      await dialog.getByRole('checkbox').check();
      await eventually(() => dialog.getByRole('alert').textContent()).toBe('最多可用券 ¥2000.00');
      expect(await placeOrder.isDisabled()).toBe(true);
      await placeOrder.click({ force: true });
      await screenshot(clerk, 'main-05-over-limit');
      expect(await p.query('SELECT id FROM orders.orders')).toEqual([]);

      await use.fill('2000');
      await eventually(() => dialog.getByTestId('cash-due').textContent()).toBe('¥2000.00');
      await eventually(() => dialog.getByRole('alert').count()).toBe(0);
      await placeOrder.click();
      await clerk.waitForURL('**/orders/*');
      // one order: the refused attempt above left none behind
      expect(await p.query('SELECT count(*)::int AS n FROM orders.orders')).toEqual([{ n: 1 }]);
      const state = clerk.getByTestId('order-state');
      await eventually(() => state.textContent()).toBe('待支付');
      orderNo = (await clerk.getByText(/^订单编号 \d{24}$/).textContent())!.replace('订单编号 ', '');

      // ORD-3: the cash half paid offline, its transfer receipt uploaded
      await chooseFile(clerk, clerk.getByRole('button', { name: '上传转账凭证' }), '转账凭证.png', PNG, 'image/png');
      await eventually(() => state.textContent()).toBe('待服务商确认');
      await screenshot(clerk, 'main-05-order-paid');

      // the provider confirms the offline payment by accepting the order (ORD-2)
      await menu(seller, '订单管理');
      const row = seller.getByTestId('provider-orders').locator('tr', { hasText: orderNo });
      await reloadUntilShown(seller, row);
      expect(await row.textContent()).toContain('¥2000.00');
      await row.getByRole('button', { name: '确认订单' }).click();
      await eventually(() => row.locator('.ant-tag').textContent()).toBe('已确认');
    },
  );

  step(
    '6. the enterprise uploads the contract; the provider records service and delivers; the enterprise confirms and evaluates',
    async () => {
      const state = clerk.getByTestId('order-state');
      await reloadUntilShown(clerk, saying(state, '已确认'));
      await chooseFile(
        clerk,
        clerk.getByRole('button', { name: '上传服务合同' }),
        '服务合同.pdf',
        PDF,
        'application/pdf',
      );
      await eventually(() => state.textContent()).toBe('服务中');

      const row = seller.getByTestId('provider-orders').locator('tr', { hasText: orderNo });
      await reloadUntilShown(seller, saying(row.locator('.ant-tag'), '服务中'));
      await row.getByRole('button', { name: '服务记录' }).click();
      const record = seller.getByRole('dialog');
      await pickToday(seller, record.getByLabel('服务日期'));
      await record.getByLabel('服务工程师').fill('张工');
      await record.getByLabel('服务内容').fill('现场差距诊断与信息安全风险评估');
      await record.getByRole('button', { name: /确\s*定|OK/ }).click();
      await eventually(() => record.isVisible()).toBe(false);
      await row.getByRole('button', { name: '交付' }).click();
      await eventually(() => row.locator('.ant-tag').textContent()).toBe('待验收');

      await reloadUntilShown(clerk, saying(state, '待验收'));
      expect(await clerk.getByTestId('service-records').textContent()).toContain('现场差距诊断与信息安全风险评估');
      await clerk.getByRole('button', { name: '确认完成' }).click();
      await eventually(() => state.textContent()).toBe('已完成');
      const evaluation = clerk.getByTestId('order-evaluation-form');
      await evaluation.getByText('好评', { exact: true }).click();
      await evaluation.getByLabel('写评价').fill('诊断细致，按期取证');
      await evaluation.locator('.ant-rate .ant-rate-star').nth(4).click();
      await evaluation.getByRole('button', { name: '提交' }).click();
      await eventually(() => state.textContent()).toBe('已评价');
      expect(await clerk.getByTestId('order-evaluation').textContent()).toContain('好评');
      await screenshot(clerk, 'main-06-evaluated');
    },
  );

  step(
    '7. the provider applies to redeem the voucher payment; the approver assesses, finance approves payment and records the transfer, the provider confirms receipt; the statistics show it',
    async () => {
      await menu(seller, '服务券管理', '兑付申请');
      const line = seller.getByTestId('redeemable').locator('tr', { hasText: orderNo });
      // settlement learns of the completed order from its event
      await reloadUntilShown(seller, line);
      await line.getByRole('checkbox').check();
      await eventually(() => seller.getByTestId('selected-amount').textContent()).toContain('2000.00');
      await seller.getByTestId('start-redemption').click();
      const apply = seller.getByRole('dialog');
      await pick(apply.getByTestId('bank-account-select'), option(seller, '6228480010012233445'));
      for (const material of ['contract', 'invoice', 'receipt', 'priceEvidence']) {
        const field = apply.getByTestId(`material-${material}`);
        await field.locator('input[type=file]').setInputFiles(file(`${material}.pdf`, PDF, 'application/pdf'));
        await eventually(() => field.textContent()).toContain(`${material}.pdf`);
      }
      await apply.getByRole('button', { name: '确认' }).click();
      const mine = seller.getByTestId('my-applications-voucher');
      await eventually(() => mine.getByTestId('application-state').textContent()).toBe('待结算审批');

      // SET-3: the approver assesses, finance approves the payment and records the transfer
      await consoleEntry(approverPage, '兑付审核');
      await approveInQueue(approverPage, approverPage.getByTestId('settlement-queue'), PROVIDER, (d) =>
        d.getByRole('button', { name: '结算审批通过' }),
      );
      financePage = await staffPage(finance);
      await consoleEntry(financePage, '兑付审核');
      const queue = financePage.getByTestId('settlement-queue');
      await approveInQueue(financePage, queue, PROVIDER, (d) => d.getByRole('button', { name: '支付审批通过' }));
      // the queue's state filter, from what waits for the payment approval to what waits for the transfer
      await chooseOption(financePage, financePage.locator('.ant-select', { hasText: '待支付审批' }), '待付款');
      await queue.locator('tr', { hasText: PROVIDER }).click();
      const drawer = financePage.locator('.ant-drawer-section');
      await drawer.getByTestId('transfer-reference').fill('NJ20261206-0001');
      await pickToday(financePage, drawer.getByLabel('付款日期'));
      await drawer.getByRole('button', { name: '登记付款' }).click();
      await eventually(() => queue.locator('tr', { hasText: PROVIDER }).count()).toBe(0);

      // the provider sees the transfer and confirms it arrived
      await seller.reload();
      await seller.getByRole('tab', { name: '我的申请' }).click();
      await eventually(() => mine.getByTestId('application-state').textContent()).toBe('已转账，待确认收款');
      await mine.locator('.ant-table-row-expand-icon').click();
      await eventually(() => seller.getByTestId('application-detail').textContent()).toContain('NJ20261206-0001');
      await seller.getByTestId('confirm-receipt').click();
      await eventually(() => mine.getByTestId('application-state').textContent()).toBe('已兑换');
      await screenshot(seller, 'main-07-redeemed');

      // SET-6: the CERT voucher's 3,000 issued, 2,000 used, 2,000 redeemed
      await menu(financePage, '统计', '统计分析');
      const cert = financePage.getByTestId('voucher-stats').locator('tr', { hasText: 'CERT' });
      const figures = ['CERT', '1', '¥3000.00', '¥2000.00', '¥2000.00', '¥0.00', '¥0.00', '¥0.00'];
      // the wallet's figures and settlement's redemptions arrive by events: looked at again until both are in
      await expect
        .poll(
          async () => {
            await financePage.getByTestId('voucher-stats').or(financePage.locator('.ant-empty')).first().waitFor();
            const cells = await cert.locator('td').allTextContents();
            if (JSON.stringify(cells) !== JSON.stringify(figures)) await financePage.reload();
            return cells;
          },
          { timeout: 60_000, interval: 500 },
        )
        .toEqual(figures);
      await screenshot(financePage, 'main-07-statistics');
    },
  );

  step('8. anyone opens the publication of batch 1 and re-derives its winners in the browser', async () => {
    await menu(clerk, '会员中心', '预约记录');
    const link = clerk
      .getByTestId('reservations')
      .locator('tr', { hasText: '体系认证服务专用券' })
      .getByRole('link', { name: '查看公示' });
    const href = await link.getAttribute('href');
    expect(href).toBe(`/publications/${batch1}`);

    const visitor = await newPage();
    await visitor.goto(`${base}${href}`);
    await visitor.getByTestId('verify').click();
    await eventually(() => visitor.getByTestId('verification').textContent()).toContain('验证通过');
    expect(await visitor.getByText('南京**有限公司').count()).toBeGreaterThan(0);
    await screenshot(visitor, 'main-08-verified');
  });
});
