import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthCommand, services, type HealthReply, type ServiceName } from '@voucher/contracts';
import { READINESS_CACHE_MS } from '../src/readiness.ts';
import { awayFromWindowEdge, bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;
const IP_LIMIT = 60;

beforeAll(async () => {
  gw = await startGateway({ RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT) }, 'gwhealth');
});

afterAll(async () => {
  await gw?.close();
});

const healthy = (service: ServiceName, status: HealthReply['status'] = 'ok'): HealthReply => ({
  service,
  status,
  checks: { postgres: 'ok' },
  uptimeSeconds: 1,
  version: 'test',
});

const admin = () => bearer(tokenFor({ role: 'admin' }).token);
const readyz = (headers: Record<string, string> = {}) => gw.app.inject({ method: 'GET', url: '/readyz', headers });
/** Past the cache, so the next /readyz asks again. */
const afterCache = () => new Promise((r) => setTimeout(r, READINESS_CACHE_MS + 50));

// The tests of this file run in order: the stand-ins come up one step at a time.
describe('health and readiness', () => {
  it('answers /healthz 200 { status: ok } while the process runs', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('listens on the port the OS picked (GATEWAY_PORT=0), reachable over real HTTP', async () => {
    const res = await fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'over-the-wire' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('over-the-wire');
  });

  it('answers an admin /readyz 503 naming the services nobody answers for, its own connections ok', async () => {
    const res = await readyz(admin());
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('not_ready');
    expect(body.checks).toMatchObject({ nats: 'ok', postgres: 'ok', redis: 'ok' });
    expect(body.checks.services.gateway).toBe('ok');
    for (const name of services.filter((s) => s !== 'gateway')) expect(body.checks.services[name]).toBe('missing');
  });

  it('tells the public, and any role but admin, only that it is not ready: no dependency named', async () => {
    for (const headers of [
      {},
      bearer(tokenFor({ role: 'enterprise' }).token),
      bearer(tokenFor({ role: 'operator' }).token),
    ]) {
      const res = await readyz(headers);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not_ready' });
    }
  });

  it('answers a bad token on /readyz 401, not the public view', async () => {
    const res = await readyz({ authorization: 'Bearer not.a.token' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('answers /readyz 200 once every service answers its health command with ok', async () => {
    for (const name of services.filter((s) => s !== 'gateway')) {
      gw.responder.answer(healthCommand(name), async () => healthy(name));
    }
    await gw.responder.ready();
    await afterCache();
    const res = await readyz(admin());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: {
        nats: 'ok',
        postgres: 'ok',
        redis: 'ok',
        services: Object.fromEntries(services.map((s) => [s, 'ok'])),
      },
    });
    const anonymous = await readyz();
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ status: 'ready' });
  });

  it('asks the services at most once a second, however often and however many call /readyz', async () => {
    await afterCache();
    gw.responder.reset();
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => readyz()));
    while (Date.now() - started < READINESS_CACHE_MS - 200) {
      await readyz();
      await new Promise((r) => setTimeout(r, 80));
    }
    expect(gw.responder.callsTo(healthCommand('identity'))).toHaveLength(1);
  });

  it('counts a degraded service, or one slower than the probe timeout, as failed, and answers within about 1.5 s', async () => {
    gw.responder.answer(healthCommand('wallet'), async () => healthy('wallet', 'degraded'));
    gw.responder.answer(healthCommand('orders'), async () => {
      await new Promise((r) => setTimeout(r, 2500));
      return healthy('orders');
    });
    await afterCache();
    const started = Date.now();
    const res = await readyz(admin());
    expect(Date.now() - started).toBeLessThan(2400);
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.services).toMatchObject({ wallet: 'failed', orders: 'failed', identity: 'ok' });
  });

  it('counts /readyz against the per-IP limit: 429 with Retry-After past it; /healthz stays free', async () => {
    await awayFromWindowEdge(15);
    const answers = await Promise.all(Array.from({ length: IP_LIMIT + 5 }, () => readyz()));
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited[0]!.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await gw.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
