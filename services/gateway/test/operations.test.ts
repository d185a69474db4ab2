import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, type Redis } from '@voucher/kit';
import { AppError, FLEET_GONE_AFTER_MS, fleetKeys, identity, type FleetReport } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

/**
 * Issue 19 item 4: the operations console reads the processes' reports from
 * Redis, and finds a failed request's trace by the request id its answer carried.
 */
let gw: TestGateway;
let redis: Redis;
const TRACES = 'http://127.0.0.1:16686/trace/{traceId}';

beforeAll(async () => {
  gw = await startGateway({ TRACE_URL_TEMPLATE: TRACES }, 'gwops');
  redis = createRedis(gw.iso.env.REDIS_URL!, gw.iso.env.REDIS_PREFIX!);
});
afterAll(async () => {
  await redis?.quit();
  await gw?.close();
});

/** A report as a replica of a service writes it, `secondsAgo` before now. */
function fleetReport(overrides: Partial<FleetReport> = {}, secondsAgo = 0): FleetReport {
  const at = Date.now() - secondsAgo * 1000;
  return {
    service: 'orders',
    instance: `host-${Math.random().toString(16).slice(2, 8)}`,
    version: '0.1.0',
    startedAt: new Date(at - 60_000).toISOString(),
    reportedAt: new Date(at).toISOString(),
    status: 'ok',
    checks: { postgres: 'ok', redis: 'ok', nats: 'ok' },
    outbox: { rows: 0, oldestAgeSeconds: 0 },
    consumers: [],
    ...overrides,
  };
}

/** Writes the report where a process would (libs/runtime fleet-report.ts). */
async function reported(report: FleetReport): Promise<void> {
  const member = `${report.service}:${report.instance}`;
  await redis
    .multi()
    .set(fleetKeys.report(member), JSON.stringify(report), 'PX', FLEET_GONE_AFTER_MS)
    .zadd(fleetKeys.index, Date.parse(report.reportedAt), member)
    .exec();
}

const admin = () => bearer(tokenFor({ role: 'admin' }).token);
const OPERATIONS = '/api/v1/admin/operations';
const lookup = (requestId: string) => `/api/v1/admin/requests/${requestId}`;

describe('GET /admin/operations (issue 19 item 4)', () => {
  it('lists the gateway itself, reporting from its start, with its checks, version and uptime', async () => {
    await gw.service.fleet.reportNow();
    const res = await gw.app.inject({ method: 'GET', url: OPERATIONS, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    const gateway = res.json().services.find((s: { service: string }) => s.service === 'gateway');
    expect(gateway.replicas).toEqual([
      expect.objectContaining({
        instance: gw.service.fleet.instance,
        status: 'ok',
        checks: { postgres: 'ok', redis: 'ok', nats: 'ok' },
      }),
    ]);
    expect(gateway.replicas[0].uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('shows a replica stale once its last report is two intervals old, and per consumer the largest counts of the replicas', async () => {
    const fresh = fleetReport({
      outbox: { rows: 3, oldestAgeSeconds: 1.5 },
      consumers: [{ consumer: 'orders-payments', pending: 4, ackPending: 1, redelivered: 0 }],
    });
    const silent = fleetReport(
      {
        status: 'degraded',
        checks: { postgres: 'failed', redis: 'ok', nats: 'ok' },
        outbox: { rows: 1, oldestAgeSeconds: 9 },
        consumers: [{ consumer: 'orders-payments', pending: 2, ackPending: 5, redelivered: 2 }],
      },
      12,
    );
    await reported(fresh);
    await reported(silent);
    const res = await gw.app.inject({ method: 'GET', url: OPERATIONS, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    const orders = res.json().services.find((s: { service: string }) => s.service === 'orders');
    const statusOf = (instance: string) =>
      orders.replicas.find((r: { instance: string }) => r.instance === instance)?.status;
    expect(statusOf(fresh.instance)).toBe('ok');
    expect(statusOf(silent.instance)).toBe('stale');
    expect(orders.outbox).toEqual({ rows: 3, oldestAgeSeconds: 9 });
    expect(orders.consumers).toEqual([{ consumer: 'orders-payments', pending: 4, ackPending: 5, redelivered: 2 }]);
  });

  it('lists a service no replica reports for with none, rather than leave it out', async () => {
    const res = await gw.app.inject({ method: 'GET', url: OPERATIONS, headers: admin() });
    const wallet = res.json().services.find((s: { service: string }) => s.service === 'wallet');
    expect(wallet).toEqual({ service: 'wallet', replicas: [], outbox: null, consumers: [] });
  });

  it('answers 401 without a token', async () => {
    for (const url of [OPERATIONS, lookup('any-id')]) {
      const res = await gw.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each(['operator', 'approver', 'finance', 'district_officer', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403',
    async (role) => {
      for (const url of [OPERATIONS, lookup('any-id')]) {
        const res = await gw.app.inject({ method: 'GET', url, headers: bearer(tokenFor({ role }).token) });
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    },
  );
});

describe('GET /admin/requests/:requestId (issue 19 item 4)', () => {
  it('finds a request the gateway answered 500, with its trace id, route template and the link to its trace', async () => {
    gw.responder.answer(identity.me, async () => {
      throw new AppError('INTERNAL', 'the stand-in fails');
    });
    await gw.responder.ready();
    const failed = await gw.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin() });
    expect(failed.statusCode).toBe(500);
    const requestId = failed.headers['x-request-id'] as string;
    const traceId = failed.headers['x-trace-id'] as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // recorded once the answer has gone: the client never waits for it
    await expect
      .poll(async () => (await gw.app.inject({ method: 'GET', url: lookup(requestId), headers: admin() })).statusCode)
      .toBe(200);
    const res = await gw.app.inject({ method: 'GET', url: lookup(requestId), headers: admin() });
    expect(res.json()).toEqual({
      requestId,
      traceId,
      method: 'GET',
      route: '/api/v1/me',
      status: 500,
      at: expect.any(String),
      traceUrl: `http://127.0.0.1:16686/trace/${traceId}`,
    });
  });

  it('keeps no record of a refusal (4xx): only failures of the platform are looked up', async () => {
    gw.responder.answer(identity.me, async () => {
      throw new AppError('NOT_FOUND', 'no such user');
    });
    await gw.responder.ready();
    const refused = await gw.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin() });
    expect(refused.statusCode).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    const res = await gw.app.inject({
      method: 'GET',
      url: lookup(refused.headers['x-request-id'] as string),
      headers: admin(),
    });
    expect(res.statusCode).toBe(404);
  });

  it('answers an unknown request id 404 NOT_FOUND in the platform’s error shape', async () => {
    const res = await gw.app.inject({ method: 'GET', url: lookup('never-seen-1234'), headers: admin() });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a request id that no client or gateway could have given 400 VALIDATION_FAILED', async () => {
    const res = await gw.app.inject({ method: 'GET', url: lookup('a'.repeat(65)), headers: admin() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});
