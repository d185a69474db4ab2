import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_POLICY, HSTS, PAGE_POLICY } from '../src/http/security-headers.ts';
import { startGateway, type TestGateway } from './harness.ts';

let gw: TestGateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>portal</title><div id="root"></div>');
  // the reverse proxy in front of it terminates TLS and says so in X-Forwarded-Proto
  gw = await startGateway({ PORTAL_DIR: dir, GATEWAY_TRUST_PROXY: '127.0.0.1' }, 'gwheaders');
});

afterAll(async () => {
  await gw?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  gw.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers }, remoteAddress });

const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

describe('security headers on every answer (issue 16)', () => {
  it('gives the portal pages a CSP of their own scripts only, framed by nobody', async () => {
    for (const url of ['/', '/wallet', '/index.html']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers).toMatchObject({ 'content-security-policy': PAGE_POLICY, ...common });
    }
    expect(PAGE_POLICY).toContain("frame-ancestors 'none'");
    expect(PAGE_POLICY).toContain("script-src 'self'");
    expect(PAGE_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('gives the docs UI the page policy', async () => {
    const res = await get('/docs/');
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toBe(PAGE_POLICY);
  });

  it('gives the API, its errors included, a policy that loads nothing', async () => {
    for (const [url, status] of [
      ['/healthz', 200],
      ['/api/v1/me', 401],
      ['/api/v1/nowhere', 404],
      [`/api/v1/lottery/campaigns/${'a'.repeat(200)}`, 400],
    ] as const) {
      const res = await get(url, { accept: 'application/json' });
      expect(res.statusCode).toBe(status);
      expect(res.headers).toMatchObject({ 'content-security-policy': API_POLICY, ...common });
    }
  });

  it('adds HSTS only when the request came over TLS, as the trusted proxy says', async () => {
    expect((await get('/healthz')).headers['strict-transport-security']).toBeUndefined();
    const tls = await get('/healthz', { 'x-forwarded-proto': 'https' });
    expect(tls.headers['strict-transport-security']).toBe(HSTS);
    expect((await get('/', { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBe(HSTS);
    // a client that is not the proxy cannot claim TLS for itself
    const claimed = await get('/healthz', { 'x-forwarded-proto': 'https' }, '203.0.113.9');
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });
});
