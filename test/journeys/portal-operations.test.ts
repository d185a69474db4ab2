import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { services } from '@voucher/contracts';
import { cspViolations, launchBrowser, screenshot, signIn } from './browser.ts';
import { ADMIN, journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { adminToken, codeSentTo } from './actors.ts';

// Issue 19 item 4: the operations console in a real browser, on the whole platform.
let p: JourneyPlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let refusedByCsp: string[];
const TRACES = 'http://127.0.0.1:16686/trace/{traceId}';

beforeAll(async () => {
  p = await journeyPlatform('jpops', { TRACE_URL_TEMPLATE: TRACES });
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
  refusedByCsp = cspViolations(page);
  page.setDefaultTimeout(15_000);
  await signIn(page, p.platform.gatewayUrl, ADMIN.username, ADMIN.password, () =>
    codeSentTo(p, ADMIN.mobile, 'second_factor'),
  );
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await p?.close();
});

/** The status word shown in the row of a service (one replica each outside the cluster). */
const statusOf = (service: string) =>
  page.getByTestId('fleet').locator('tr', { hasText: service }).locator('.ant-tag').first().textContent();

describe('the operations console (issue 19 item 4)', () => {
  it('lists every service’s replica as healthy, marks one that died stale then gone, and finds the request it failed with its trace', async () => {
    await page.goto(`${p.platform.gatewayUrl}/admin/operations`);
    for (const service of services) await expect.poll(() => statusOf(service), { timeout: 20_000 }).toBe('正常');
    await screenshot(page, 'admin-operations');

    // killed, it cannot say goodbye: its last report ages on the page, refreshed every few seconds
    await p.platform.kill('scheduler');
    await expect.poll(() => statusOf('scheduler'), { timeout: 30_000, interval: 1000 }).toBe('失联');
    await expect.poll(() => statusOf('scheduler'), { timeout: 30_000, interval: 1000 }).toBe('无副本');

    // what a user would report: a 503 with its request id
    const failed = await p.api('GET', '/admin/jobs', undefined, await adminToken(p));
    expect(failed.status).toBe(503);
    const requestId = failed.headers.get('x-request-id')!;
    const traceId = failed.headers.get('x-trace-id')!;

    await page.getByTestId('request-id').locator('input').fill(requestId);
    await page.getByTestId('request-id').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('failed-request').textContent()).toContain('/api/v1/admin/jobs');
    expect(await page.getByTestId('failed-request').textContent()).toContain('503');
    expect(await page.getByTestId('trace-link').getAttribute('href')).toBe(TRACES.replace('{traceId}', traceId));
    await screenshot(page, 'admin-operations-request');

    await page.getByTestId('request-id').locator('input').fill('never-failed-1');
    await page.getByTestId('request-id').locator('input').press('Enter');
    await page.getByTestId('request-unknown').waitFor();

    await p.platform.restart('scheduler');
    await expect.poll(() => statusOf('scheduler'), { timeout: 30_000, interval: 1000 }).toBe('正常');
  }, 180_000);

  it('ran with nothing refused by the CSP (issue 16)', () => {
    expect(refusedByCsp).toEqual([]);
  });
});
