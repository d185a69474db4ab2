import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './harness.ts';

let gw: TestGateway;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>portal</title><div id="root"></div>');
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  gw = await startGateway({ PORTAL_DIR: dir }, 'gwportal');
});
afterAll(async () => {
  await gw?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, accept = 'text/html') => gw.app.inject({ method: 'GET', url, headers: { accept } });

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

  it('keeps the API’s JSON 404 for unknown API paths and for clients that do not want HTML', async () => {
    const api = await get('/api/v1/nowhere');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    expect((await get('/wallet', 'application/json')).json().error.code).toBe('NOT_FOUND');
  });
});
