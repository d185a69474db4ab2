import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, deadLetterCommands, type DeadLetterEntry } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

/**
 * Issue 19 item 4: an admin lists, replays and discards the dead letters of
 * any service that parks them, named in the path; the service (a stand-in
 * here, the wallet) answers its own commands.
 */
let gw: TestGateway;
const wallet = deadLetterCommands('wallet');

/** A dead letter of the wallet as its service lists it; `overrides` for the case at hand. */
function aDeadLetter(overrides: Partial<DeadLetterEntry> = {}): DeadLetterEntry {
  return {
    seq: 7,
    consumer: 'wallet-issuing',
    eventType: 'evt.lottery.wins.recorded',
    eventId: '019aeb3c-8c1e-7000-8000-000000000001',
    deadLetteredAt: '2026-12-06T10:15:00.000Z',
    publishedAt: '2026-12-06T10:14:00.000Z',
    deliveries: 6,
    reason: 'deadlock detected',
    replayable: false,
    replayedFrom: null,
    history: [],
    ...overrides,
  };
}
const parked = aDeadLetter();

beforeAll(async () => {
  gw = await startGateway({}, 'gwdlq');
  gw.responder.answer(wallet.list, async ({ page, pageSize }) => ({ items: [parked], page, pageSize, total: 1 }));
  gw.responder.answer(wallet.replay, async ({ seq }) => {
    if (seq !== parked.seq) throw new AppError('NOT_FOUND', `no dead letter ${seq}`);
    throw new AppError('INVALID_STATE', `dead letter ${seq} cannot be republished by wallet`);
  });
  gw.responder.answer(wallet.discard, async ({ seq }) => {
    if (seq !== parked.seq) throw new AppError('NOT_FOUND', `no dead letter ${seq}`);
    return {
      seq,
      consumer: parked.consumer,
      eventType: parked.eventType,
      eventId: parked.eventId,
      discardedAt: '2026-12-06T10:20:00.000Z',
    };
  });
  await gw.responder.ready();
});
afterAll(() => gw?.close());
beforeEach(() => gw.responder.reset());

const list = (service = 'wallet') => `/api/v1/admin/dead-letters/${service}`;
const replay = (seq: string | number, service = 'wallet') => `/api/v1/admin/dead-letters/${service}/${seq}/replay`;
const discard = (seq: string | number, service = 'wallet') => `/api/v1/admin/dead-letters/${service}/${seq}/discard`;
const asAdmin = () => bearer(tokenFor({ role: 'admin' }).token);

describe('GET /admin/dead-letters/:service (issue 19 item 4)', () => {
  it('answers an admin the page of the named service’s dead letters, asking that service as the admin', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'GET', url: `${list()}?page=1&pageSize=10`, headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ items: [parked], page: 1, pageSize: 10, total: 1 });
    const [call] = gw.responder.callsTo(wallet.list);
    expect(call?.payload).toEqual({ page: 1, pageSize: 10 });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it.each(['nosuch', 'gateway', 'scheduler', 'WALLET'])(
    'refuses the service %j, which parks no dead letters, with 400 VALIDATION_FAILED naming it',
    async (service) => {
      const res = await gw.app.inject({ method: 'GET', url: list(service), headers: asAdmin() });
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { path: string }) => f.path)).toContain('service');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it('answers 401 without a token', async () => {
    const res = await gw.app.inject({ method: 'GET', url: list() });
    expect(res.statusCode).toBe(401);
    expect(gw.responder.calls).toHaveLength(0);
  });

  it.each(['operator', 'approver', 'finance', 'district_officer', 'enterprise', 'provider'] as const)(
    'refuses a %s with 403',
    async (role) => {
      const { token } = tokenFor({ role });
      const res = await gw.app.inject({ method: 'GET', url: list(), headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );

  it('refuses a page size beyond 100 with 400', async () => {
    const res = await gw.app.inject({ method: 'GET', url: `${list()}?pageSize=101`, headers: asAdmin() });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /admin/dead-letters/:service/:seq/replay (issue 19 item 4)', () => {
  it('asks the named service to replay the dead letter as the admin, and answers its refusal', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({ method: 'POST', url: replay(7), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATE');
    const [call] = gw.responder.callsTo(wallet.replay);
    expect(call?.payload).toEqual({ seq: 7 });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it('answers 404 NOT_FOUND for a dead letter that is not there (or replayed already)', async () => {
    const res = await gw.app.inject({ method: 'POST', url: replay(8), headers: asAdmin() });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
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
      const res = await gw.app.inject({ method: 'POST', url: replay(seq), headers: asAdmin() });
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { path: string }) => f.path)).toContain('seq');
      expect(gw.responder.calls).toHaveLength(0);
    },
  );
});

describe('POST /admin/dead-letters/:service/:seq/discard (issue 19 item 4)', () => {
  it('asks the named service to discard the dead letter as the admin, with the reason given', async () => {
    const { token, claims } = tokenFor({ role: 'admin' });
    const res = await gw.app.inject({
      method: 'POST',
      url: discard(7),
      headers: bearer(token),
      payload: { reason: 'the lottery re-sent these wins' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ seq: 7, consumer: 'wallet-issuing', eventId: parked.eventId });
    const [call] = gw.responder.callsTo(wallet.discard);
    expect(call?.payload).toEqual({ seq: 7, reason: 'the lottery re-sent these wins' });
    expect(call?.ctx.caller).toMatchObject({ userId: claims.sub, role: 'admin' });
  });

  it('discards without a reason when the POST has no body', async () => {
    const res = await gw.app.inject({ method: 'POST', url: discard(7), headers: asAdmin() });
    expect(res.statusCode, res.body).toBe(200);
    expect(gw.responder.callsTo(wallet.discard)[0]?.payload).toEqual({ seq: 7 });
  });

  it('refuses a reason over 500 characters with 400, and never asks the service', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: discard(7),
      headers: asAdmin(),
      payload: { reason: 'x'.repeat(501) },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(gw.responder.calls).toHaveLength(0);
  });

  it('answers 404 NOT_FOUND for a dead letter that is gone', async () => {
    const res = await gw.app.inject({ method: 'POST', url: discard(8), headers: asAdmin(), payload: {} });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('refuses an operator with 403, and never asks the service', async () => {
    const { token } = tokenFor({ role: 'operator' });
    const res = await gw.app.inject({ method: 'POST', url: discard(7), headers: bearer(token), payload: {} });
    expect(res.statusCode, res.body).toBe(403);
    expect(gw.responder.calls).toHaveLength(0);
  });

  it('is documented, with the list and the replay, for admins only', async () => {
    const doc = (await gw.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    expect(doc.paths['/api/v1/admin/dead-letters/{service}']?.get?.description).toMatch(/^Roles: admin/);
    expect(doc.paths['/api/v1/admin/dead-letters/{service}/{seq}/replay']?.post?.description).toMatch(/^Roles: admin/);
    expect(doc.paths['/api/v1/admin/dead-letters/{service}/{seq}/discard']?.post?.description).toMatch(/^Roles: admin/);
  });
});
