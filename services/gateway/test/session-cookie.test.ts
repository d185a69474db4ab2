import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, type ReplyOf } from '@voucher/contracts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;
const WEEK = 7 * 86400;

/** A token pair as identity answers it, its refresh token different each time. */
function pair(): ReplyOf<typeof identity.refresh> {
  return {
    accessToken: tokenFor({ role: 'enterprise' }).token,
    refreshToken: `refresh-${uuidv7()}`,
    expiresIn: 900,
    refreshExpiresIn: WEEK,
    user: { id: uuidv7(), username: 'someone_1', role: 'enterprise' },
  };
}

beforeAll(async () => {
  // the test speaks as a TLS-terminating proxy on 10.9.9.9 when it says so
  gw = await startGateway({ GATEWAY_TRUST_PROXY: '10.9.9.9' }, 'gwcookie');
  gw.responder.answer(identity.login, async () => pair());
  gw.responder.answer(identity.loginSecondFactor, async () => pair());
  gw.responder.answer(identity.refresh, async ({ refreshToken }) => {
    if (!refreshToken.startsWith('refresh-')) throw new AppError('UNAUTHENTICATED', 'unknown refresh token');
    return pair();
  });
  gw.responder.answer(identity.logout, async () => ({}));
  await gw.responder.ready();
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => gw.responder.reset());

/** The attributes of the one Set-Cookie header of a response, by name (the first is the cookie itself). */
function setCookie(res: { headers: Record<string, unknown> }): Record<string, string> {
  const header = res.headers['set-cookie'];
  expect(typeof header, 'one Set-Cookie header').toBe('string');
  return Object.fromEntries(
    (header as string).split(';').map((part) => {
      const [name, ...value] = part.trim().split('=');
      return [name!, value.join('=')];
    }),
  );
}

const login = (headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers,
    payload: { account: 'someone_1', password: 'Voucher#2026' },
  });

describe('ID-3/ID-5: the refresh token lives in an HttpOnly, SameSite=Strict cookie of the auth routes', () => {
  it('is set by a login, for as long as the refresh token lives, where no script reads it', async () => {
    const res = await login();
    expect(res.statusCode).toBe(200);
    const cookie = setCookie(res);
    expect(cookie.voucher_refresh).toBe(res.json().refreshToken);
    expect(cookie).toMatchObject({ Path: '/api/v1/auth', 'Max-Age': String(WEEK), SameSite: 'Strict' });
    expect(cookie).toHaveProperty('HttpOnly');
    // over plain HTTP the browser could not send a Secure cookie back
    expect(cookie).not.toHaveProperty('Secure');
  });

  it('is Secure when the gateway is reached over TLS (the protocol a trusted proxy names)', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.9.9.9',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
      payload: { account: 'someone_1', password: 'Voucher#2026' },
    });
    expect(setCookie(res)).toHaveProperty('Secure');
  });

  it('is set by the second step of a platform role’s login too', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/second-factor',
      payload: { challengeId: 'c'.repeat(32), smsCode: '123456' },
    });
    expect(setCookie(res).voucher_refresh).toBe(res.json().refreshToken);
  });

  it('refreshes from the cookie alone, and answers the new refresh token in the cookie only', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: 'theme=dark; voucher_refresh=refresh-from-cookie' },
    });
    expect(res.statusCode).toBe(200);
    expect(gw.responder.callsTo(identity.refresh)[0]?.payload).toEqual({ refreshToken: 'refresh-from-cookie' });
    const body = res.json();
    expect(body.accessToken).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('refreshToken');
    expect(setCookie(res).voucher_refresh).toMatch(/^refresh-/);
  });

  it('takes an API client’s refresh token from the body first, and answers it in the body', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: 'voucher_refresh=refresh-from-cookie' },
      payload: { refreshToken: 'refresh-from-body' },
    });
    expect(gw.responder.callsTo(identity.refresh)[0]?.payload).toEqual({ refreshToken: 'refresh-from-body' });
    expect(res.json().refreshToken).toBe(setCookie(res).voucher_refresh);
  });

  it('answers 401 UNAUTHENTICATED when neither the cookie nor the body has a refresh token', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/api/v1/auth/refresh' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    expect(gw.responder.callsTo(identity.refresh)).toHaveLength(0);
  });

  it('logs out the cookie’s session as well, and clears the cookie', async () => {
    const { token } = tokenFor({ role: 'enterprise' });
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...bearer(token), cookie: 'voucher_refresh=refresh-of-this-browser' },
    });
    expect(res.statusCode).toBe(204);
    expect(gw.responder.callsTo(identity.logout)[0]?.payload).toEqual({ refreshToken: 'refresh-of-this-browser' });
    expect(setCookie(res)).toMatchObject({ voucher_refresh: '', 'Max-Age': '0', Path: '/api/v1/auth' });
  });
});
