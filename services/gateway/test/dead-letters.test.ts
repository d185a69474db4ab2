import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, notifications, type DeadLetterView } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

/**
 * Issue 18 item 6: an admin lists the notifications service's dead letters and
 * replays one; the service (a stand-in here) answers.
 */
let gw: TestGateway;

const parked: DeadLetterView = {
  seq: 7,
  consumer: 'notifications-sms',
  eventType: 'evt.notifications.sms.requested',
  eventId: '019aeb3c-8c1e-7000-8000-000000000001',
  deadLetteredAt: '2026-12-06T10:15:00.000Z',
  deliveries: 6,
  reason: 'the SMS gateway answered 500',
  replayable: true,
};

beforeAll(async () => {
  gw = await startGateway({}, 'gwdlq');
  gw.responder.answer(notifications.deadLetters, async ({ page, pageSize }) => ({
    items: [parked],
    page,
    pageSize,
    total: 1,
  }));
  gw.responder.answer(notifications.replayDeadLetter, async ({ seq }) => {
    if (seq !== parked.seq) throw new AppError('NOT_FOUND', `no dead letter ${seq}`);
    return {
      seq,
      consumer: parked.consumer,
      eventType: parked.eventType!,
      eventId: parked.eventId!,
      replayedAt: '2026-12-06T10:20:00.000Z',
    };
  });
  await gw.responder.ready();
});
afterAll(() => gw?.close());
beforeEach(() => gw.responder.reset());

const LIST = '/api/v1/admin/notifications/dead-letters';
const replay = (seq: string | number) => `/api/v1/admin/notifications/dead-letters/${seq}/replay`;

describe('GET /admin/notifications/dead-letters (issue 18 item 6)', () => {
  it('answers an admin the page of dead letters, asking the service as the admin', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'GET', url: `${LIST}?page=1&pageSize=10`, headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ items: [parked], page: 1, pageSize: 10, total: 1 });
    const [call] = gw.responder.callsTo(notifications.deadLetters);
    expect(call?.payload).toEqual({ page: 1, pageSize: 10 });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it('answers 401 without a token', async () => {
    const res = await gw.app.inject({ method: 'GET', url: LIST });
    expect(res.statusCode).toBe(401);
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each(['operator', 'approver', 'finance', 'district_officer', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403',
    async (role) => {
      const { token } = tokenFor({ role });
      const res = await gw.app.inject({ method: 'GET', url: LIST, headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it('refuses a page size beyond 100 with 400', async () => {
    const { token } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'GET', url: `${LIST}?pageSize=101`, headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /admin/notifications/dead-letters/:seq/replay (issue 18 item 6)', () => {
  it('asks the service to replay the dead letter as the admin, and answers what was replayed', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'POST', url: replay(7), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ seq: 7, eventId: parked.eventId, consumer: 'notifications-sms' });
    const [call] = gw.responder.callsTo(notifications.replayDeadLetter);
    expect(call?.payload).toEqual({ seq: 7 });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it('answers 401 without a token, and never asks the service', async () => {
    const res = await gw.app.inject({ method: 'POST', url: replay(7) });
    expect(res.statusCode).toBe(401);
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each(['operator', 'approver', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403, and never asks the service',
    async (role) => {
      const { token } = tokenFor({ role });
      const res = await gw.app.inject({ method: 'POST', url: replay(7), headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it.each(['abc', '0', '-1', '1.5', '1e400', '99999999999999999999'])(
    'refuses the sequence %j with 400 VALIDATION_FAILED naming it, and never asks the service',
    async (seq) => {
      const { token } = tokenFor({ role: 'admin' });
      const res = await gw.app.inject({ method: 'POST', url: replay(seq), headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { path: string }) => f.path)).toContain('seq');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it('answers 404 NOT_FOUND for a dead letter that is not there (or replayed already)', async () => {
    const { token } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'POST', url: replay(8), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('is documented for admins only', async () => {
    const doc = (await gw.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
    };
    expect(doc.paths['/api/v1/admin/notifications/dead-letters/{seq}/replay']?.post?.description).toMatch(
      /^Roles: admin/,
    );
    expect(doc.paths['/api/v1/admin/notifications/dead-letters']?.get?.description).toMatch(/^Roles: admin/);
  });
});
