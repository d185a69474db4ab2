// A page looked at as a person would at one screen size: did it log errors,
// does it fit the width, and a screenshot for a reviewer.
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { screenshot } from '../journeys/browser.ts';

export interface PageCheck {
  viewport: { width: number; height: number };
  /** console messages of type error and uncaught exceptions, in the order they came */
  consoleErrors: string[];
  /** how far the page is wider than the screen (0: no sideways scrolling) */
  horizontalOverflowPx: number;
  screenshot: string;
}

export async function checkPage(
  browser: Browser,
  url: string,
  { visible, context, name }: { visible: string; context: BrowserContextOptions; name: string },
): Promise<PageCheck> {
  const fresh = await browser.newContext(context);
  try {
    const page = await fresh.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.locator(visible).first().waitFor({ state: 'visible' });
    // given as text: tsx's transform of a function would call helpers the page does not have
    const horizontalOverflowPx = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    return {
      viewport: page.viewportSize()!,
      consoleErrors,
      horizontalOverflowPx,
      screenshot: await screenshot(page, name),
    };
  } finally {
    await fresh.close();
  }
}
