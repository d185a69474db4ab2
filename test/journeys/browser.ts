import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, installed by the set-up (deploy/local/system-packages.sh); never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where the journeys leave their screenshots for a reviewer to look at (issue 10). */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../.data/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Signs in through the portal's form, as a person does, and waits to leave the sign-in page. Programme staff
 * (A7) then type the SMS code sent to their mobile: `secondFactor` reads it off their phone.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  secondFactor?: () => Promise<string>,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名或手机号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.locator('form').getByRole('button', { name: '登录' }).click();
  if (secondFactor) {
    const step = page.getByTestId('second-factor');
    await step.waitFor();
    await step.getByLabel('短信验证码').fill(await secondFactor());
    await step.getByRole('button', { name: '登录' }).click();
  }
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/**
 * What Chromium refused on a page under its Content-Security-Policy (issue
 * 16), as it reports it on the console, from now on: the list fills while
 * the page is used, and a portal that works under its policy leaves it empty.
 */
export function cspViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  return refused;
}
