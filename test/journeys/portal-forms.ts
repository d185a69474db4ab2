import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PDF, PNG } from './actors.ts';
import type { JourneyPlatform } from './platform-harness.ts';

// How a person fills the portal's Ant Design forms, shared by the browser journeys.

/** expect.poll with room for a busy machine: its default gives up after one second. */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 200 });

export const file = (name: string, bytes: Buffer, mimeType: string) => ({ name, mimeType, buffer: bytes });

/**
 * Asks for an SMS code as a person does (ID-6): 获取验证码, then the image captcha typed as read off the
 * picture (the development sink tells its text) and sent; waits for the countdown that says it left.
 */
export async function requestSmsCode(page: Page, p: JourneyPlatform): Promise<void> {
  const captcha = page.waitForResponse((r) => r.url().includes('/api/v1/auth/captcha') && r.ok());
  await page.getByTestId('send-sms-code').click();
  const { captchaId } = (await (await captcha).json()) as { captchaId: string };
  const { text } = (await p.api('GET', `/dev/captcha/${captchaId}`)).body as { text: string };
  await page.getByTestId('sms-captcha-answer').fill(text);
  await page.getByRole('dialog').getByRole('button', { name: '获取验证码' }).click();
  await eventually(() => page.getByTestId('send-sms-code').textContent()).toMatch(/秒后重新获取/);
}

/** Types tags into an Ant Design tags select, one Enter each. */
async function addTags(field: Locator, ...tags: string[]) {
  for (const tag of tags) {
    await field.locator('input').fill(tag);
    await field.locator('input').press('Enter');
  }
  await field.locator('input').press('Escape');
}

/**
 * Opens a dropdown or a calendar with a click and picks in it. A dialog or drawer that has just opened may take the
 * focus back and close what opened, so the person clicks again.
 */
export async function pick(opener: Locator, choice: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await opener.click();
    try {
      await choice.click({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

export async function chooseOption(page: Page, field: Locator, title: string) {
  await pick(field, page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`));
}

/**
 * Every field of the product editor but the voucher's maximum per unit (CAT-1/2): the thumbnail and three case
 * documents uploaded, one spec of 4,000.00 yuan, the CERT voucher accepted twice a year.
 */
export async function fillProductFields(
  page: Page,
  product: { related: string; tags: string[]; description: string },
): Promise<void> {
  await page.getByLabel('相关产品名称').fill(product.related);
  await chooseOption(page, page.getByTestId('product-category'), '体系认证');
  await addTags(page.getByTestId('product-tags'), ...product.tags);
  await page
    .getByTestId('thumbnail-upload')
    .locator('input[type=file]')
    .setInputFiles(file('展示图.png', PNG, 'image/png'));
  await eventually(() => page.getByTestId('thumbnail-upload').textContent()).toContain('展示图.png');
  await addTags(page.getByTestId('solution-types'), '体系认证');
  await addTags(page.getByTestId('industries'), '制造业');
  await page.getByLabel('销售历史最低价格').fill('3000');
  await page.getByLabel('销售历史最高价格').fill('5000');
  await page.getByLabel('交付平均周期').fill('30');
  await page.getByLabel('交付人工数量（人天）').fill('10');
  for (const i of [1, 2, 3]) {
    const card = page.getByTestId(`case-${i}`);
    await card.getByLabel('客户名称').fill(`济南第${i}机械制造有限公司`);
    await card.getByLabel('客户年产值').fill('12000000');
    await card.getByLabel('方案销售额度').fill('4000');
    await card.getByLabel('交付周期').fill('2');
    await card.getByLabel('客户联系人姓名').fill('刘经理');
    await card
      .getByTestId(`case-${i}-document`)
      .locator('input[type=file]')
      .setInputFiles(file(`案例${i}.pdf`, PDF, 'application/pdf'));
    await eventually(() => card.getByTestId(`case-${i}-document`).textContent()).toContain(`案例${i}.pdf`);
  }
  await page.getByLabel('姓名', { exact: true }).fill('杨老师');
  await page.getByLabel('手机', { exact: true }).fill('13800000000');
  await page.getByLabel('邮箱', { exact: true }).fill('yang@example.cn');
  await addTags(page.getByTestId('highlights'), '一站式服务');
  await page.getByLabel('商品说明').fill(product.description);
  await page.getByLabel('服务支持').fill('工作日电话支持，服务热线 0531-88888888');
  await page.getByLabel('服务区域').fill('济南市');
  const spec = page.getByTestId('spec-1');
  await spec.getByLabel('规格名称').fill('标准版');
  await spec.getByLabel('规格定价').fill('4000');
  await chooseOption(page, page.getByTestId('accepted-categories'), '体系认证服务专用券（CERT）');
  await page.keyboard.press('Escape');
  await page.getByLabel('每年申请使用上限').fill('2');
}

/**
 * The enterprise certification form (QUA-1) past its credit code: the company's data, a small enterprise founded
 * 2017-11-25, 专精特新, and the business licence uploaded.
 */
export async function fillEnterpriseCertification(page: Page, companyName: string): Promise<void> {
  const fields: [string, string][] = [
    ['企业名称', companyName],
    ['法定代表人', '张三'],
    ['联系人', '李四'],
    ['联系电话', '13800000000'],
    ['邮箱', 'contact@example.cn'],
    ['所在区县', '玄武区'],
    ['所属行业', '软件和信息技术服务业'],
    ['注册地址', '南京市玄武区珠江路1号'],
    ['经营地址', '南京市玄武区珠江路1号'],
    ['职工总数', '12'],
    ['上年度营业收入', '12300000'],
    ['上年度纳税额', '50000'],
  ];
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByText('小型', { exact: true }).click();
  await page.getByLabel('成立日期').click();
  await page.getByLabel('成立日期').fill('2017-11-25');
  await page.keyboard.press('Enter');
  await page.getByText('专精特新', { exact: true }).click();
  await page
    .getByTestId('licence-upload')
    .locator('input[type=file]')
    .setInputFiles(file('营业执照.png', PNG, 'image/png'));
  await eventually(() => page.getByTestId('licence-upload-done').textContent()).toBe('营业执照.png');
}
