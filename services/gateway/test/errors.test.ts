import { connect } from 'node:net';
import { errorCodes } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, qualification, type ErrorCode } from '@voucher/contracts';
import { statusByCode, toAppError } from '../src/http/errors.ts';
import { bearer, partialRequest, startGateway, tokenFor, userView, type TestGateway } from './harness.ts';

let gw: TestGateway;
const provider = () => bearer(tokenFor({ role: 'provider', providerId: uuidv7() }).token);

beforeAll(async () => {
  // a short bus timeout so the TIMEOUT case does not wait the default 5 s
  gw = await startGateway({ REQUEST_TIMEOUT_MS: '1000' }, 'gwerrors');
  gw.responder.answer(identity.createStaff, async () => ({ userId: uuidv7() }));
  gw.responder.answer(identity.updateStaff, async (req) => userView({ id: req.id, role: 'provider_staff' }));
  gw.responder.answer(identity.listStaff, async (q) => ({ items: [], page: q.page, pageSize: q.pageSize, total: 0 }));
  gw.responder.answer(identity.logout, async () => ({}));
  gw.responder.answer(identity.sendSmsCode, async () => ({ expiresInSeconds: 300 }));
  gw.responder.answer(identity.login, async () => {
    throw new AppError('INVALID_CREDENTIALS', 'wrong account or password');
  });
  gw.responder.answer(qualification.importDirectory, async () => ({ imported: 1, skipped: 0, problems: [] }));
  await gw.responder.ready();
});

afterAll(async () => {
  await gw?.close();
});

beforeEach(() => gw.responder.reset());

const createStaff = (payload: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/api/v1/provider/staff',
    headers: { ...provider(), ...headers },
    payload: payload as object,
  });

describe('validation', () => {
  it('answers 400 VALIDATION_FAILED naming every missing, wrong-typed and over-long field, and never asks the service', async () => {
    const res = await createStaff({ username: 'x'.repeat(31), mobile: 13800000000, permissions: ['nope'] });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    const paths = error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'mobile', 'password', 'permissions.0']));
    for (const f of error.details.fields) expect(f.message).toEqual(expect.any(String));
    expect(error.message).toContain('username');
    expect(gw.responder.callsTo(identity.createStaff)).toHaveLength(0);
  });

  it('names a refinement failure by its field (confirmPassword must equal password)', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { mobile: '13800000000', smsCode: '123456', newPassword: 'Secret#2026', confirmPassword: 'other' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([{ path: 'confirmPassword', message: 'must equal newPassword' }]);
  });

  it('answers 400 VALIDATION_FAILED for a path parameter that is not an id', async () => {
    const res = await gw.app.inject({
      method: 'PATCH',
      url: '/api/v1/provider/staff/not-an-id',
      headers: provider(),
      payload: { email: 'a@b.cn' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['id']);
  });

  it('answers 400 VALIDATION_FAILED for a query value out of range', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/provider/staff?pageSize=1000',
      headers: provider(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('pageSize');
  });

  it('answers 400 VALIDATION_FAILED for malformed JSON', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/provider/staff',
      headers: { ...provider(), 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 400 VALIDATION_FAILED for a missing body on a route that needs one', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/api/v1/provider/staff', headers: provider() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('accepts an empty JSON body on a bodiless POST (logout answers 204)', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...provider(), 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(204);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await createStaff({ username: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('FILE_TOO_LARGE');
  });

  it('answers 415 for a content type it does not read', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/provider/staff',
      headers: { ...provider(), 'content-type': 'application/xml' },
      payload: '<staff/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
  });
});

describe('text/csv bodies: the directory import alone reads them (issue 16)', () => {
  it('refuses a CSV body on the public login with 415 before reading it, and asks no service', async () => {
    const { answer, abort } = partialRequest(`${gw.url}/api/v1/auth/login`, {
      headers: { 'content-type': 'text/csv' },
      length: 20 * 1024 * 1024,
      sent: 10,
    });
    const res = await answer;
    abort();
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(gw.responder.callsTo(identity.login)).toHaveLength(0);
  });

  it('refuses a CSV body on any other route with 415', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/provider/staff',
      headers: { ...provider(), 'content-type': 'text/csv' },
      payload: 'username,mobile\nstaff_x,13800000009\n',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
  });

  it('still takes the directory import as text/csv, for an admin', async () => {
    const csv = 'name,creditCode,region\n南京测试科技有限公司,91320100MA1XXXXX0X,玄武区\n';
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/admin/provider-directory',
      headers: { ...bearer(tokenFor({ role: 'admin' }).token), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(200);
    // the CSV as sent, trimmed like every text the platform takes
    expect(gw.responder.callsTo(qualification.importDirectory)[0]?.payload).toEqual({ csv: csv.trim() });
  });
});

/** Writes `text` to the gateway's socket as it is and reads the whole answer: status and JSON body. */
function rawHttp(text: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body] = answer.split('\r\n\r\n');
      resolve({ status: Number(head!.split(' ')[1]), body: JSON.parse(body!) });
    });
  });
}

const inPlatformShape = { error: { code: expect.any(String), message: expect.any(String) } };

describe("Fastify's own refusals answer in the platform's shape (issue 16)", () => {
  it('answers an over-long path parameter (Fastify: 414 in its own shape) 400 VALIDATION_FAILED', async () => {
    const res = await gw.app.inject({ method: 'GET', url: `/api/v1/lottery/campaigns/${'a'.repeat(200)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: { fields: [{ path: 'url', message: 'a path parameter is longer than 100 characters' }] },
      },
    });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers a badly encoded URL 400 VALIDATION_FAILED naming the url', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/lottery/campaigns/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'url' }] } });
  });

  it('answers what the HTTP parser refuses (headers over 16 KiB, a request line that is not HTTP) in the same shape', async () => {
    const huge = await rawHttp(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(400);
    expect(huge.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ path: 'headers' }] } },
    });
    const garbage = await rawHttp('HELLO THERE\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject(inPlatformShape);
  });

  it("maps every one of Fastify's error codes: a 4xx to a platform 4xx, the rest to INTERNAL", () => {
    for (const [name, FastifyError] of Object.entries(errorCodes)) {
      const err = new (FastifyError as new (...a: string[]) => Error & { statusCode?: number })('x', 'y', 'z');
      const { error } = toAppError(err);
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) expect(statusByCode[error.code], name).toBeLessThan(500);
      else expect(error.code, name).toBe('INTERNAL');
      expect({ error: error.toBody() }, name).toMatchObject(inPlatformShape);
    }
  });
});

describe('forwarding', () => {
  it('builds the command from path and body: PATCH /provider/staff/{id} sends { id, ...body }', async () => {
    const id = uuidv7();
    const res = await gw.app.inject({
      method: 'PATCH',
      url: `/api/v1/provider/staff/${id}`,
      headers: provider(),
      payload: { email: 'a@b.cn', id: uuidv7() },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(id);
    expect(gw.responder.callsTo(identity.updateStaff)[0]?.payload).toEqual({ id, email: 'a@b.cn' });
  });

  it('answers 201 for a creation with the created id', async () => {
    const res = await createStaff({ username: 'staff_one', mobile: '13800000002', password: 'Secret#2026' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ userId: expect.any(String) });
  });

  it('answers 202 for an SMS send, with the code lifetime', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms-codes',
      payload: { mobile: '13800000000', purpose: 'register', captcha: { id: 'c1', text: 'abcd' } },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ expiresInSeconds: 300 });
  });

  it('coerces the page query to numbers', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/provider/staff?page=3&pageSize=5',
      headers: provider(),
    });
    expect(res.statusCode).toBe(200);
    expect(gw.responder.callsTo(identity.listStaff)[0]?.payload).toEqual({ page: 3, pageSize: 5 });
  });
});

describe('request id', () => {
  it("echoes the client's sane x-request-id and hands it to the service", async () => {
    const res = await createStaff(
      { username: 'staff_two', mobile: '13800000003', password: 'Secret#2026' },
      { 'x-request-id': 'client-req_42' },
    );
    expect(res.headers['x-request-id']).toBe('client-req_42');
    expect(gw.responder.callsTo(identity.createStaff)[0]?.ctx.requestId).toBe('client-req_42');
  });

  it('replaces an unsafe x-request-id with a generated one, also echoed and handed on', async () => {
    const res = await createStaff(
      { username: 'staff_three', mobile: '13800000004', password: 'Secret#2026' },
      { 'x-request-id': 'has spaces and\ttabs' },
    );
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(gw.responder.callsTo(identity.createStaff)[0]?.ctx.requestId).toBe(id);
  });

  it('echoes the request id on errors too', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-request-id': 'abc' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-request-id']).toBe('abc');
  });
});

describe('error mapping', () => {
  it('answers an unknown route with 404 NOT_FOUND in the error shape', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('maps every error code to a status of its family', () => {
    for (const [code, status] of Object.entries(statusByCode)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
    }
    expect(statusByCode.TIMEOUT).toBe(504);
    expect(statusByCode.UNAVAILABLE).toBe(503);
    expect(statusByCode.PIN_LOCKED).toBe(423);
  });

  const refusals: [ErrorCode, number, Record<string, unknown> | undefined][] = [
    ['DUPLICATE', 409, { field: 'mobile' }],
    ['ACCOUNT_LOCKED', 423, { until: '2026-11-25T01:00:00.000Z' }],
    ['INVALID_CREDENTIALS', 401, undefined],
    ['WEAK_PASSWORD', 400, undefined],
    ['NOT_FOUND', 404, undefined],
    ['INVALID_STATE', 409, { state: 'deleted' }],
  ];
  for (const [code, status, details] of refusals) {
    it(`maps a service's ${code} to ${status} with its message and details`, async () => {
      gw.responder.answer(identity.createStaff, async () => {
        throw new AppError(code, `refused: ${code}`, details);
      });
      const res = await createStaff({ username: 'staff_four', mobile: '13800000005', password: 'Secret#2026' });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({
        error: details ? { code, message: `refused: ${code}`, details } : { code, message: `refused: ${code}` },
      });
    });
  }

  it("maps a service's RATE_LIMITED to 429 with Retry-After from details.retryAfterSeconds", async () => {
    gw.responder.answer(identity.sendSmsCode, async () => {
      throw new AppError('RATE_LIMITED', 'one code per minute', { retryAfterSeconds: 42 });
    });
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms-codes',
      payload: { mobile: '13800000000', purpose: 'login', captcha: { id: 'c1', text: 'abcd' } },
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('42');
  });

  it('answers 500 INTERNAL without the failure text when the service breaks', async () => {
    gw.responder.answer(identity.createStaff, async () => {
      throw new Error('connection to db lost: password=hunter2');
    });
    const res = await createStaff({ username: 'staff_five', mobile: '13800000006', password: 'Secret#2026' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(res.body).not.toContain('hunter2');
  });

  it('answers 500 INTERNAL when a service answers a reply that breaks its contract', async () => {
    gw.responder.answer(identity.createStaff, async () => ({ userId: 'not-a-guid' }));
    const res = await createStaff({ username: 'staff_six', mobile: '13800000007', password: 'Secret#2026' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
  });

  it('answers 504 TIMEOUT when the service does not answer in time', async () => {
    gw.responder.answer(identity.createStaff, async () => {
      await new Promise((r) => setTimeout(r, 1500));
      return { userId: uuidv7() };
    });
    const res = await createStaff({ username: 'staff_seven', mobile: '13800000008', password: 'Secret#2026' });
    expect(res.statusCode).toBe(504);
    expect(res.json().error.code).toBe('TIMEOUT');
  });

  it('answers 503 UNAVAILABLE when no service answers the command', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/auth/captcha' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('UNAVAILABLE');
  });
});
