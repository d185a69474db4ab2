// A page opened cold: a fresh browser context (no cache, no open connection),
// timed by the browser's own clock from the navigation's start, so the
// driver's round trips are not counted.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/** A document, script, stylesheet or API answer as the browser received it. */
export interface ReceivedFile {
  path: string;
  /** the response's Content-Encoding, `identity` when none */
  encoding: string;
  /** the body's bytes on the wire (compressed when encoded) */
  encodedBytes: number;
  /** the body's bytes once decoded */
  decodedBytes: number;
}

export interface ColdLoad {
  /** from the navigation's start to the load event */
  loadMs: number;
  /** from the navigation's start to the first frame in which `visible` had a box */
  visibleMs?: number;
  files: ReceivedFile[];
}

// The in-page code is given as text: a function would reach the page as its
// source after tsx's transform, which calls helpers the page does not have.

/** Runs in the page before its own scripts: notes the first animation frame in which `selector` is laid out. */
const watchVisible = (selector: string) => `(function tick() {
  const element = document.querySelector(${JSON.stringify(selector)});
  if (element && element.getBoundingClientRect().height > 0) window.visibleAt = performance.now();
  else requestAnimationFrame(tick);
})();`;

/** The document's own entry (navigation) and every file it fetched (resource), with their timings and sizes. */
const TIMING_ENTRIES = `performance.getEntries()
  .filter((e) => e.entryType === 'navigation' || e.entryType === 'resource')
  .map((e) => e.toJSON())`;

interface TimingEntry {
  entryType: 'navigation' | 'resource';
  name: string;
  loadEventStart?: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

/**
 * The time `watchVisible` noted, polled from here. Not `page.waitForFunction`: Playwright evaluates its predicate
 * inside the page with `eval` (a function argument too), which the portal's Content-Security-Policy refuses (no
 * 'unsafe-eval', issue 16). `page.evaluate` goes through the DevTools protocol, which the policy does not govern.
 */
async function visibleAt(page: Page, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const at = await page.evaluate<number | undefined>('window.visibleAt');
    if (at !== undefined) return at;
    if (Date.now() > until) throw new Error(`nothing visible within ${timeoutMs} ms`);
    await page.waitForTimeout(20);
  }
}

export async function coldLoad(
  browser: Browser,
  url: string,
  { visible, context }: { visible?: string; context?: BrowserContextOptions } = {},
): Promise<ColdLoad> {
  const fresh = await browser.newContext(context);
  try {
    const page = await fresh.newPage();
    const encodings = new Map<string, string>();
    page.on('response', (r) => encodings.set(r.url(), r.headers()['content-encoding'] ?? 'identity'));
    if (visible) await page.addInitScript(watchVisible(visible));
    await page.goto(url, { waitUntil: 'load' });
    const visibleMs = visible ? await visibleAt(page) : undefined;
    const entries = await page.evaluate<TimingEntry[]>(TIMING_ENTRIES);
    return {
      loadMs: entries.find((e) => e.entryType === 'navigation')!.loadEventStart!,
      ...(visibleMs !== undefined ? { visibleMs } : {}),
      files: entries.map((e) => ({
        path: new URL(e.name).pathname,
        encoding: encodings.get(e.name) ?? 'identity',
        encodedBytes: e.encodedBodySize,
        decodedBytes: e.decodedBodySize,
      })),
    };
  } finally {
    await fresh.close();
  }
}
