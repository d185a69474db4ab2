import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthCommand, services, type HealthReply, type ServiceName } from '@voucher/contracts';
import { startGateway, type TestGateway } from './harness.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({}, 'gwhealth');
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

  it('answers /readyz 503 naming the services nobody answers for, its own connections ok', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('not_ready');
    expect(body.checks).toMatchObject({ nats: 'ok', postgres: 'ok', redis: 'ok' });
    expect(body.checks.services.gateway).toBe('ok');
    for (const name of services.filter((s) => s !== 'gateway')) expect(body.checks.services[name]).toBe('missing');
  });

  it('answers /readyz 200 once every service answers its health command with ok', async () => {
    for (const name of services.filter((s) => s !== 'gateway')) {
      gw.responder.answer(healthCommand(name), async () => healthy(name));
    }
    await gw.responder.ready();
    const res = await gw.app.inject({ method: 'GET', url: '/readyz' });
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
  });

  it('counts a degraded service, or one slower than the probe timeout, as failed, and answers within about 1.5 s', async () => {
    gw.responder.answer(healthCommand('wallet'), async () => healthy('wallet', 'degraded'));
    gw.responder.answer(healthCommand('orders'), async () => {
      await new Promise((r) => setTimeout(r, 2500));
      return healthy('orders');
    });
    const started = Date.now();
    const res = await gw.app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(2400);
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.services).toMatchObject({ wallet: 'failed', orders: 'failed', identity: 'ok' });
  });
});
