import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn } from './browser.ts';
import { fillEnterpriseCertification, requestSmsCode } from './portal-forms.ts';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  certifiedProvider,
  creditCode,
  listedProduct,
  PDF,
  PNG,
  reviewerTeam,
  upload,
  voucherQualification,
  type ReviewerTeam,
} from './actors.ts';

// The enterprise portal in a real browser: sign-up, certification, PIN, reservation results, evaluating an order.
let p: JourneyPlatform;
let browser: Browser;
let page: Page;
let reviewers: ReviewerTeam;
let provider: { token: string };
let productId: string;
const PASSWORD = 'Journey#2026';
const digits = String(randomInt(0, 1e9)).padStart(9, '0');
const newcomer = { username: `newcomer_${digits}`, mobile: `16${digits}`, token: '' };

const hour = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function fillPin(pad: Locator, pin: string) {
  for (const [i, digit] of [...pin].entries()) await pad.locator('input').nth(i).fill(digit);
}

/** Polls an order until it reaches a state (the orders saga answers some steps asynchronously). */
async function orderReaches(id: string, state: string) {
  await expect
    .poll(async () => (await p.api('GET', `/orders/${id}`, undefined, newcomer.token)).body.state, { timeout: 10_000 })
    .toBe(state);
}

beforeAll(async () => {
  p = await journeyPlatform('jpent');
  reviewers = await reviewerTeam(p);
  for (const [code, name] of [
    ['CERT', '体系认证服务专用券'],
    ['AUDIT', '审计服务专用券'],
  ]) {
    const created = await p.api(
      'POST',
      '/lottery/categories',
      { code, name, faceValue: 200000, validityDays: 180, redemptionMode: 'balance', annualLimit: 2 },
      reviewers.approver,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  provider = await certifiedProvider(p, reviewers, '济南企业旅程认证服务有限公司');
  productId = await listedProduct(p, provider.token, reviewers, 'ISO9001质量管理体系认证');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await p?.close();
});

describe('the enterprise portal in the browser (issue 10 §2)', () => {
  it('registers with an SMS code: a wrong code is refused with its message, the right one opens the account (ID-1, ID-6)', async () => {
    await page.goto(`${p.platform.gatewayUrl}/register`);
    await page.getByLabel('用户名', { exact: true }).fill(newcomer.username);
    await page.getByLabel('手机号', { exact: true }).fill(newcomer.mobile);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码', { exact: true }).fill(PASSWORD);
    await requestSmsCode(page, p);
    const sms = await p.api('GET', `/dev/sms/${newcomer.mobile}`);
    expect(sms.body.purpose).toBe('register');
    const wrong = String((Number(sms.body.code) + 1) % 1_000_000).padStart(6, '0');
    await page.getByLabel('短信验证码').fill(wrong);
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: '注册' }).click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toBe('短信验证码错误或已过期');
    await screenshot(page, 'enterprise-register');

    await page.getByLabel('短信验证码').fill(sms.body.code);
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL('**/login');
  });

  it('signs in, answers the demand survey and applies for certification with its licence; the credit code is checked as typed (QUA-1/2)', async () => {
    await signIn(page, p.platform.gatewayUrl, newcomer.username, PASSWORD);
    await page.waitForURL('**/wallet');
    newcomer.token = (
      await p.api('POST', '/auth/login', { account: newcomer.username, password: PASSWORD })
    ).body.accessToken;

    await page.goto(`${p.platform.gatewayUrl}/enterprise/survey`);
    await page.getByLabel('所在市').fill('南京市');
    await page.getByText('私营企业', { exact: true }).click();
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('survey-answered').count()).toBe(1);

    await page.goto(`${p.platform.gatewayUrl}/enterprise/certification`);
    await expect.poll(() => page.getByTestId('no-application').count()).toBe(1);
    const code = page.getByLabel('统一社会信用代码');
    await code.fill('91320102MA1OOOO');
    await expect.poll(() => page.getByText('统一社会信用代码不正确').count()).toBe(1);
    await code.fill(creditCode());
    await expect.poll(() => page.getByText('统一社会信用代码不正确').count()).toBe(0);
    await fillEnterpriseCertification(page, '南京新注册科技有限公司');
    // the Enter that closed the date picker sent the form once; the upload clears the licence's error
    await expect.poll(() => page.getByText('请上传此附件').count()).toBe(0);
    await screenshot(page, 'enterprise-certification');
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('application-state').textContent(), { timeout: 10_000 }).toBe('审核中');

    // the district officer approves it (QUA-1); the page then shows it certified
    const mine = await p.api('GET', '/qualification/enterprise-certifications/mine', undefined, newcomer.token);
    const approved = await p.api(
      'POST',
      `/qualification/reviews/${mine.body.items[0].id}/approve`,
      undefined,
      reviewers.officer,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId('application-state').textContent()).toBe('已认证');
  });

  it('keeps the refresh token in an HttpOnly, SameSite=Strict cookie of the auth routes, never in the page; an expired access token is renewed from it (ID-3)', async () => {
    const stored = await page.evaluate<Record<string, string>>('({ ...localStorage })');
    expect(Object.keys(JSON.parse(stored['voucher.tokens']!))).toEqual(['accessToken']);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'voucher_refresh')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth', secure: false });
    // no script of the page can read it, and the page stores it nowhere
    expect(await page.evaluate<string>('document.cookie')).not.toContain('voucher_refresh');
    expect(JSON.stringify(stored)).not.toContain(cookie.value);

    // the access token has gone bad: the next call is refreshed from the cookie alone, and the page goes on
    await page.evaluate(`localStorage.setItem('voucher.tokens', '{"accessToken":"gone.bad.token"}')`);
    await page.reload();
    await expect.poll(() => page.getByTestId('application-state').textContent()).toBe('已认证');
    const renewed = JSON.parse(await page.evaluate<string>(`localStorage.getItem('voucher.tokens')`));
    expect(Object.keys(renewed)).toEqual(['accessToken']);
    expect(renewed.accessToken.split('.')).toHaveLength(3);
    expect(renewed.accessToken).not.toBe('gone.bad.token');
    // rotated: the cookie holds a new refresh token
    const after = (await page.context().cookies()).find((c) => c.name === 'voucher_refresh')!;
    expect(after.value).not.toBe(cookie.value);
  });

  it('sets its payment PIN on the six-box pad with its login password; a run like 123456 and a wrong password refused first (WAL-2)', async () => {
    await page.getByText('会员中心').hover();
    await page.getByRole('link', { name: '支付密码维护' }).click();
    await page.waitForURL('**/wallet/pin');
    const form = page.getByTestId('pin-form-set');
    const pads = form.locator('.ant-otp');
    await form.getByLabel('登录密码').fill(PASSWORD);
    await fillPin(pads.nth(0), '123456');
    await fillPin(pads.nth(1), '123456');
    await form.getByRole('button', { name: '提交' }).click();
    await expect
      .poll(() => form.getByTestId('form-error').textContent())
      .toBe('支付密码过于简单：不能是连续或相同的数字');

    // a first PIN needs the owner's password: a wrong one is refused and nothing is set
    await form.getByLabel('登录密码').fill('Wrong#Guess2026');
    await fillPin(pads.nth(0), '246810');
    await fillPin(pads.nth(1), '246810');
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => form.getByTestId('form-error').textContent()).toBe('账号或密码错误');
    const pins = `SELECT 1 FROM wallet.pins JOIN identity.users u ON u.id = enterprise_id WHERE u.username = $1`;
    expect(await p.query(pins, [newcomer.username])).toHaveLength(0);

    await form.getByLabel('登录密码').fill(PASSWORD);
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => form.getByTestId('pin-saved').textContent()).toBe('支付密码已设置');
  });

  it('sees its reservation results per batch: 中签 with a link to the publication once published, 待公布 before (LOT-7)', async () => {
    const vq = await p.api(
      'POST',
      '/qualification/voucher-qualifications',
      await voucherQualification(p, newcomer.token, new Date().getFullYear()),
      newcomer.token,
    );
    expect(vq.status, JSON.stringify(vq.body)).toBe(201);
    expect(
      (await p.api('POST', `/qualification/reviews/${vq.body.id}/approve`, undefined, reviewers.officer)).status,
    ).toBe(200);
    const later = await p.api(
      'POST',
      '/lottery/campaigns',
      {
        name: '2026年第三期服务券',
        mode: 'lottery',
        opensAt: at(-hour),
        closesAt: at(hour),
        categories: ['CERT'],
        batches: [{ drawAt: at(2 * hour), publishAt: at(3 * hour), quotas: { CERT: 5 } }],
      },
      reviewers.approver,
    );
    // lottery learns of the qualification from its event: the first reservation may wait a moment for it
    for (let tries = 0; ; tries++) {
      const res = await p.api(
        'PUT',
        `/lottery/campaigns/${later.body.id}/reservation`,
        { categories: ['CERT'] },
        newcomer.token,
      );
      if (res.status === 200) break;
      if (tries > 100) throw new Error(`reservation refused: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const quick = await p.api(
      'POST',
      '/lottery/campaigns',
      {
        name: '审计券快速摇号',
        mode: 'lottery',
        opensAt: at(-1000),
        closesAt: at(3000),
        categories: ['AUDIT'],
        batches: [{ drawAt: at(4000), publishAt: at(5000), quotas: { AUDIT: 1 } }],
      },
      reviewers.approver,
    );
    expect(
      (await p.api('PUT', `/lottery/campaigns/${quick.body.id}/reservation`, { categories: ['AUDIT'] }, newcomer.token))
        .status,
    ).toBe(200);
    const batchId = quick.body.batches[0].id as string;
    await expect
      .poll(async () => (await p.api('GET', `/lottery/batches/${batchId}/publication`)).status, { timeout: 20_000 })
      .toBe(200);

    await page.getByText('会员中心').hover();
    await page.getByRole('link', { name: '预约记录' }).click();
    await page.waitForURL('**/reservations');
    const won = page.getByTestId('batch-result').and(page.locator('[data-result="won"]'));
    await expect.poll(() => won.textContent(), { timeout: 10_000 }).toContain('中签');
    const pending = page.getByTestId('batch-result').and(page.locator('[data-result="pending"]'));
    expect(await pending.textContent()).toContain('待公布');
    expect(await pending.getByRole('link').count()).toBe(0);
    await screenshot(page, 'enterprise-reservations');
    await won.getByRole('link', { name: '查看公示' }).click();
    await page.waitForURL(`**/publications/${batchId}`);
  });

  it('grabs a first-come voucher while the live stock counts down (LOT-9)', async () => {
    await p.api(
      'POST',
      '/lottery/campaigns',
      {
        name: '体系认证券先到先得',
        mode: 'first_come',
        opensAt: at(-hour),
        closesAt: at(hour),
        categories: ['CERT'],
        stock: { CERT: 2 },
      },
      reviewers.approver,
    );
    await page.getByRole('link', { name: '服务券申领' }).click();
    const grabCard = page.getByTestId('campaign').filter({ hasText: '体系认证券先到先得' });
    await expect.poll(() => grabCard.getByTestId('stock').textContent(), { timeout: 10_000 }).toBe('剩余 2 / 2');
    await grabCard.getByTestId('grab').click();
    await expect.poll(() => grabCard.getByTestId('stock').textContent(), { timeout: 10_000 }).toBe('剩余 1 / 2');
    await expect
      .poll(
        async () => (await p.api('GET', '/wallet/vouchers?state=available', undefined, newcomer.token)).body.total,
        {
          timeout: 10_000,
        },
      )
      .toBe(2);
  });

  it('withdraws the vouchers of an unaccepted order once a year; a second withdrawal shows WITHDRAWAL_USED (ORD-4)', async () => {
    const vouchers = (await p.api('GET', '/wallet/vouchers?state=available', undefined, newcomer.token)).body.items;
    const cert = vouchers.find((v: { category: string }) => v.category === 'CERT');
    const paidOrder = async () => {
      const placed = await p.api(
        'POST',
        '/orders',
        {
          productId,
          specName: '标准版',
          quantity: 1,
          agreementAccepted: true,
          vouchers: [{ voucherId: cert.id, amount: 50000 }],
          pin: '246810',
        },
        newcomer.token,
      );
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      await expect
        .poll(
          async () => (await p.api('GET', `/orders/${placed.body.id}`, undefined, newcomer.token)).body.paymentState,
          { timeout: 10_000 },
        )
        .toBe('paid');
      return placed.body.id as string;
    };
    const first = await paidOrder();
    await page.goto(`${p.platform.gatewayUrl}/orders/${first}`);
    await page.getByTestId('withdraw-vouchers').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('order-state').textContent(), { timeout: 10_000 }).toBe('已取消');

    const second = await paidOrder();
    await page.goto(`${p.platform.gatewayUrl}/orders/${second}`);
    await page.getByTestId('withdraw-vouchers').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByText('本年度已撤回过一次服务券').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('order-state').textContent()).toBe('待支付');
  });

  it('evaluates a service visit (solved, five scores), confirms the order completed and evaluates it (ORD-6/7)', async () => {
    const placed = await p.api(
      'POST',
      '/orders',
      { productId, specName: '标准版', quantity: 1, message: '请尽快联系', agreementAccepted: true, vouchers: [] },
      newcomer.token,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const id = placed.body.id as string;
    const receipt = await upload(p, newcomer.token, 'payment_receipt', PNG, '凭证.png');
    await p.api('POST', `/orders/${id}/receipts`, { fileIds: [receipt] }, newcomer.token);
    await orderReaches(id, 'awaiting_provider');
    await p.api('POST', `/orders/${id}/accept`, undefined, provider.token);
    await orderReaches(id, 'accepted');
    const contract = await upload(p, newcomer.token, 'contract', PDF, '合同.pdf');
    await p.api('POST', `/orders/${id}/contract`, { fileId: contract }, newcomer.token);
    await orderReaches(id, 'in_service');
    const record = await p.api(
      'POST',
      `/orders/${id}/service-records`,
      { date: new Date().toISOString().slice(0, 10), engineer: '张工', description: '现场差距诊断' },
      provider.token,
    );
    expect(record.status, JSON.stringify(record.body)).toBe(201);
    await p.api('POST', `/orders/${id}/deliver`, undefined, provider.token);
    await orderReaches(id, 'delivered');

    await page.goto(`${p.platform.gatewayUrl}/orders/${id}`);
    await expect.poll(() => page.getByTestId('order-state').textContent()).toBe('待验收');
    await page.getByTestId('evaluate-record').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('是', { exact: true }).click();
    const rates = dialog.locator('.ant-rate');
    for (let i = 0; i < 5; i++)
      await rates
        .nth(i)
        .locator('.ant-rate-star')
        .nth(i === 3 ? 3 : 4)
        .click();
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    const evaluated = page.getByTestId('record-evaluated');
    await expect.poll(() => evaluated.textContent(), { timeout: 10_000 }).toContain('已解决');
    expect(await evaluated.textContent()).toContain('价格 4');

    await page.getByRole('button', { name: '确认完成' }).click();
    await expect.poll(() => page.getByTestId('order-state').textContent(), { timeout: 10_000 }).toBe('已完成');
    const form = page.getByTestId('order-evaluation-form');
    await form.getByText('好评', { exact: true }).click();
    await form.getByLabel('写评价').fill('诊断细致，按期完成');
    await form.locator('.ant-rate .ant-rate-star').nth(4).click();
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('order-state').textContent(), { timeout: 10_000 }).toBe('已评价');
    expect(await page.getByTestId('order-evaluation').textContent()).toContain('好评');
    await screenshot(page, 'enterprise-order-evaluated');

    const stored = (await p.api('GET', `/orders/${id}`, undefined, newcomer.token)).body;
    expect(stored.serviceRecords[0].evaluation).toMatchObject({
      solved: true,
      scores: { attitude: 5, conduct: 5, quality: 5, price: 4, responsiveness: 5 },
    });
    expect(stored.evaluation).toMatchObject({ rating: 'good', text: '诊断细致，按期完成', platformStars: 5 });
  });

  it('resets a forgotten password by SMS, then signs in with an SMS code and lands in its voucher bag (ID-3, ID-7)', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await page.goto(`${p.platform.gatewayUrl}/login`);
    await page.getByRole('link', { name: '忘记密码' }).click();
    await page.waitForURL('**/password-reset');
    await page.getByLabel('手机号', { exact: true }).fill(newcomer.mobile);
    await requestSmsCode(page, p);
    await expect
      .poll(async () => (await p.api('GET', `/dev/sms/${newcomer.mobile}`)).body.purpose, { timeout: 10_000 })
      .toBe('reset_password');
    await page.getByLabel('短信验证码').fill((await p.api('GET', `/dev/sms/${newcomer.mobile}`)).body.code);
    await page.getByLabel('新密码', { exact: true }).fill('Renewed#2027');
    await page.getByLabel('确认密码', { exact: true }).fill('Renewed#2027');
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.waitForURL('**/login');
    expect((await p.api('POST', '/auth/login', { account: newcomer.username, password: 'Renewed#2027' })).status).toBe(
      200,
    );

    await page.getByRole('tab', { name: '短信登录' }).click();
    await page.getByLabel('手机号', { exact: true }).fill(newcomer.mobile);
    await requestSmsCode(page, p);
    await expect
      .poll(async () => (await p.api('GET', `/dev/sms/${newcomer.mobile}`)).body.purpose, { timeout: 10_000 })
      .toBe('login');
    await page.getByLabel('短信验证码').fill((await p.api('GET', `/dev/sms/${newcomer.mobile}`)).body.code);
    await page.locator('form').getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/wallet');
  });
});
