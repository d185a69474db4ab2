// Issue 10's first-page figures: the bytes of the public catalogue's HTML, JS
// and CSS as Chromium received them (and their gzip size computed here), and
// its cold load time in the test browser, next to the floor measured in the
// same run: the same browser loading a tiny static file of the same gateway,
// cold. Then the page at 1280 px and on a tablet: console errors, sideways
// overflow, a screenshot of each.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import pg from 'pg';
import { isolate } from '@voucher/testing';
import { launchPlatform, ROOT } from '../../scripts/platform.mjs';
import { launchBrowser } from '../journeys/browser.ts';
import { writeListings } from './listings.ts';
import { checkPage, type PageCheck } from './page-check.ts';
import { coldLoad, type ColdLoad, type ReceivedFile } from './page-load.ts';

const LOADS = Number(process.env.BENCH_PORTAL_LOADS ?? 10);
const DIST = join(ROOT, 'services', 'portal', 'dist');
/** the catalogue's product cards: the first page's content, there once the products have arrived */
const CONTENT = '[data-testid="product-card"]';
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const TABLET = { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true };

/** The floor's file: the portal's icon, a few hundred bytes served by the same static route as the page's files. */
const FLOOR_FILE = '/favicon.svg';

/** The page's own code: its document, scripts and stylesheets (not its API answers). */
const isPageCode = (file: ReceivedFile) => file.path === '/' || /\.(js|css|html)$/.test(file.path);

/**
 * The same files compressed here at the build's levels (gzip 9, brotli 11):
 * gzip is the figure; brotli should equal what Chromium received.
 */
function compressedSizes(files: ReceivedFile[]): { gzipBytes: number; brotliBytes: number } {
  let gzipBytes = 0;
  let brotliBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(join(DIST, file.path === '/' ? 'index.html' : file.path));
    gzipBytes += gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    brotliBytes += brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length;
  }
  return { gzipBytes, brotliBytes };
}

/** Nearest-rank percentile, in ms to one decimal. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
}
const spread = (values: number[]) => ({ median: percentile(values, 50), p90: percentile(values, 90) });
const sum = (files: ReceivedFile[], key: 'encodedBytes' | 'decodedBytes') => files.reduce((n, f) => n + f[key], 0);

function firstPage(load: ColdLoad) {
  const files = load.files.filter(isPageCode);
  const encodings: Record<string, number> = {};
  for (const file of files) encodings[file.encoding] = (encodings[file.encoding] ?? 0) + 1;
  return {
    url: '/',
    fileCount: files.length,
    receivedBytes: sum(files, 'encodedBytes'),
    receivedEncodings: encodings,
    decodedBytes: sum(files, 'decodedBytes'),
    ...compressedSizes(files),
    files: files.sort((a, b) => b.decodedBytes - a.decodedBytes),
  };
}

const screen = (check: PageCheck) => ({
  ...check,
  consoleErrorCount: check.consoleErrors.length,
  screenshot: relative(ROOT, check.screenshot),
});

export async function run(): Promise<object> {
  const iso = await isolate('benchportal');
  const env = { ...iso.env, LOG_LEVEL: 'warn', GATEWAY_PORT: '18970', RATE_LIMIT_IP_PER_MINUTE: '100000000' };
  const platform = await launchPlatform({ env });
  const db = new pg.Pool({ connectionString: iso.databaseUrl, max: 1 });
  const browser = await launchBrowser();
  try {
    // two pages of the catalogue, so the first is full
    await writeListings(db, 24);
    const pageUrl = `${platform.gatewayUrl}/`;
    const floorUrl = `${platform.gatewayUrl}${FLOOR_FILE}`;
    // not counted: the gateway's and the disk's first touch of the files (every load is cold for the browser)
    await coldLoad(browser, floorUrl, { context: DESKTOP });
    await coldLoad(browser, pageUrl, { visible: CONTENT, context: DESKTOP });
    const page: ColdLoad[] = [];
    const floor: ColdLoad[] = [];
    for (let i = 0; i < LOADS; i++) {
      // interleaved, so a neighbour's burst on the shared machine falls on both alike
      floor.push(await coldLoad(browser, floorUrl, { context: DESKTOP }));
      page.push(await coldLoad(browser, pageUrl, { visible: CONTENT, context: DESKTOP }));
    }
    const loadMs = spread(page.map((l) => l.loadMs));
    const visibleMs = spread(page.map((l) => l.visibleMs!));
    const floorMs = spread(floor.map((l) => l.loadMs));
    const desktop = await checkPage(browser, pageUrl, { visible: CONTENT, context: DESKTOP, name: 'catalogue-1280' });
    const tablet = await checkPage(browser, pageUrl, { visible: CONTENT, context: TABLET, name: 'catalogue-tablet' });
    return {
      at: new Date().toISOString(),
      target:
        'issue 10: the first page’s bundle size (gzip) and its load time in the test browser; usable at 1280 px and on a tablet, no console errors',
      machine: {
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
        browser: `Chromium ${browser.version()} (Debian, headless)`,
      },
      firstPage: firstPage(page[0]!),
      coldLoadsMs: {
        loads: LOADS,
        toLoadEvent: loadMs,
        toContentVisible: { ...visibleMs, selector: CONTENT },
      },
      floorMs: {
        ...floorMs,
        path: FLOOR_FILE,
        bytes: statSync(join(DIST, FLOOR_FILE)).size,
        what: 'the same browser, cold, one tiny static file of the same gateway',
      },
      ratio: {
        loadEvent: +(loadMs.median / floorMs.median).toFixed(2),
        contentVisible: +(visibleMs.median / floorMs.median).toFixed(2),
      },
      screens: { desktop: screen(desktop), tablet: screen(tablet) },
    };
  } finally {
    await browser.close();
    await platform.stop();
    await db.end();
    await iso.dispose();
  }
}
