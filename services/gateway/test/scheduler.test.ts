import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, scheduler, type ReplyOf } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

/**
 * DOMAIN §9: an admin runs a scheduler job now, `POST /admin/jobs/:name/run`;
 * the scheduler (a stand-in here) runs it under its lock and answers the run.
 */
let gw: TestGateway;
let runningNow = false;

const runOf = (name: string, startedBy: string): ReplyOf<typeof scheduler.runJob> => ({
  id: 42,
  job: name,
  startedAt: '2026-12-06T10:15:00.000Z',
  finishedAt: '2026-12-06T10:15:00.250Z',
  outcome: 'ok',
  detail: { reminded: 2, expiry: 1, reclaim: 1 },
  trigger: 'manual',
  startedBy,
});

beforeAll(async () => {
  gw = await startGateway({}, 'gwjobs');
  gw.responder.answer(scheduler.runJob, async ({ name }, ctx) => {
    if (name !== 'remind-expiring-vouchers') throw new AppError('NOT_FOUND', `no job named ${name}`);
    if (runningNow) {
      throw new AppError('INVALID_STATE', `${name} is running already; try again once its run has ended`, {
        job: name,
        reason: 'running',
      });
    }
    return runOf(name, ctx.caller!.userId);
  });
  await gw.responder.ready();
});
afterAll(() => gw?.close());
beforeEach(() => {
  gw.responder.reset();
  runningNow = false;
});

const url = (name: string) => `/api/v1/admin/jobs/${name}/run`;

describe('POST /admin/jobs/:name/run: an admin runs a job now (DOMAIN §9)', () => {
  it('asks the scheduler to run the named job as the admin, and answers 200 with the run recorded as manual', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'POST', url: url('remind-expiring-vouchers'), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(runOf('remind-expiring-vouchers', claims.sub));
    const [call] = gw.responder.callsTo(scheduler.runJob);
    expect(call?.payload).toEqual({ name: 'remind-expiring-vouchers' });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it('ignores a body: the job is named by the path only', async () => {
    const { token } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({
      method: 'POST',
      url: url('remind-expiring-vouchers'),
      headers: bearer(token),
      payload: { name: 'verify-ledger' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(gw.responder.callsTo(scheduler.runJob)[0]?.payload).toEqual({ name: 'remind-expiring-vouchers' });
  });

  it('answers 401 without a token, and never asks the scheduler', async () => {
    const res = await gw.app.inject({ method: 'POST', url: url('remind-expiring-vouchers') });
    expect(res.statusCode).toBe(401);
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each(['approver', 'operator', 'finance', 'district_officer', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403, and never asks the scheduler',
    async (role) => {
      const { token } = tokenFor({ role });
      const res = await gw.app.inject({ method: 'POST', url: url('remind-expiring-vouchers'), headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it.each(['Remind_Expiring', 'remind--vouchers', '-remind', 'x'.repeat(61), '%20remind'])(
    'refuses the job name %j with 400 VALIDATION_FAILED naming it, and never asks the scheduler',
    async (name) => {
      const { token } = tokenFor({ role: 'admin' });
      const res = await gw.app.inject({ method: 'POST', url: url(name), headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { path: string }) => f.path)).toContain('name');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it('answers 404 NOT_FOUND for a job the scheduler does not have', async () => {
    const { token } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'POST', url: url('no-such-job'), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('answers 409 INVALID_STATE while a run of the job is going', async () => {
    runningNow = true;
    const { token } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'POST', url: url('remind-expiring-vouchers'), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'INVALID_STATE',
      details: { job: 'remind-expiring-vouchers', reason: 'running' },
    });
  });

  it('is documented for admins only, with its run as the answer', async () => {
    const doc = (await gw.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
    };
    const op = doc.paths['/api/v1/admin/jobs/{name}/run']?.post;
    expect(op?.description).toMatch(/^Roles: admin/);
    expect(op?.responses['200']).toBeDefined();
  });
});
