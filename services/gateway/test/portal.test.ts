import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE_PRELOAD } from '../src/http/portal.ts';
import { startGateway, type TestGateway } from './harness.ts';

// a build's chunk: large enough that the build keeps its .br and .gz beside it
const CHUNK = '/assets/index-Bz4x9Q1a.js';
const chunk = Buffer.from(
  Array.from({ length: 2_000 }, (_, i) => `export const label${i} = '服务券 ${i}';`).join('\n'),
);
const INDEX = '<!doctype html><title>portal</title><div id="root"></div>';

let gw: TestGateway;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'index.html.gz'), gzipSync(INDEX));
  await mkdir(join(dir, 'assets'));
  // a file too small to gain from compression: the build leaves it without siblings
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, CHUNK), chunk);
  await writeFile(join(dir, `${CHUNK}.br`), brotliCompressSync(chunk));
  await writeFile(join(dir, `${CHUNK}.gz`), gzipSync(chunk));
  gw = await startGateway({ PORTAL_DIR: dir }, 'gwportal');
});
afterAll(async () => {
  await gw?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, accept = 'text/html', headers: Record<string, string> = {}) =>
  gw.app.inject({ method: 'GET', url, headers: { accept, ...headers } });

describe('the web portal on the same origin as the API (issue 10)', () => {
  it('serves the app at / and its assets', async () => {
    const home = await get('/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('<div id="root">');
    expect((await get('/assets/app.js', '*/*')).body).toBe('console.log(1)');
  });

  it('answers a page address opened directly with the app, which routes it', async () => {
    const page = await get('/wallet');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
  });

  it('names the catalogue’s first products in the answer to / alone, so the browser asks for them with its code (issue 20 item 6)', async () => {
    for (const url of ['/', '/?q=ISO']) expect((await get(url)).headers.link, url).toBe(CATALOGUE_PRELOAD);
    for (const url of ['/wallet', '/announcements', '/index.html'])
      expect((await get(url)).headers.link, url).toBeUndefined();
    expect((await get('/assets/app.js', '*/*')).headers.link).toBeUndefined();
  });

  it('keeps the API’s JSON 404 for unknown API paths and for clients that do not want HTML', async () => {
    const api = await get('/api/v1/nowhere');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    expect((await get('/wallet', 'application/json')).json().error.code).toBe('NOT_FOUND');
  });
});

describe('the portal’s files precompressed and cached by their hash', () => {
  it('sends an asset as brotli to a browser that accepts it, the same bytes once decoded', async () => {
    const res = await get(CHUNK, '*/*', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(res.rawPayload).equals(chunk)).toBe(true);
  });

  it('sends it as gzip to a browser that accepts gzip only', async () => {
    const res = await get(CHUNK, '*/*', { 'accept-encoding': 'gzip, deflate' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBeLessThan(chunk.length);
    expect(gunzipSync(res.rawPayload).equals(chunk)).toBe(true);
  });

  it('sends the plain file to a client that asks for no encoding', async () => {
    const noEncoding: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }];
    for (const headers of noEncoding) {
      const res = await get(CHUNK, '*/*', headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.rawPayload.equals(chunk)).toBe(true);
    }
  });

  it('sends a file the build left uncompressed as it is, whatever the browser accepts', async () => {
    const res = await get('/assets/app.js', '*/*', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('console.log(1)');
  });

  it('lets browsers keep a hashed asset for a year without asking again, in any encoding', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await get(CHUNK, '*/*', { 'accept-encoding': encoding });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await get('/assets/app.js', '*/*')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('makes browsers ask again for index.html, at / and at a page address, and answers 304 while it is unchanged', async () => {
    for (const url of ['/', '/index.html', '/wallet']) {
      const res = await get(url, 'text/html', { 'accept-encoding': 'gzip' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toContain('text/html');
      expect(gunzipSync(res.rawPayload).toString()).toBe(INDEX);
    }
    const first = await get('/');
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get('/', 'text/html', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });
});
