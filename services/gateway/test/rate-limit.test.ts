import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, wallet } from '@voucher/contracts';
import { awayFromWindowEdge, bearer, startGateway, tokenFor, userView, type TestGateway } from './harness.ts';

let gw: TestGateway;
const LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: '8',
  RATE_LIMIT_USER_PER_MINUTE: '3',
  RATE_LIMIT_LOGIN_PER_MINUTE: '2',
  RATE_LIMIT_SMS_PER_MINUTE: '2',
  RATE_LIMIT_PIN_PER_MINUTE: '2',
  GATEWAY_TRUST_PROXY: '10.9.9.9',
};

// every test speaks from its own address so the per-IP counters do not mix
let nextHost = 1;
const freshIp = () => `10.1.0.${nextHost++}`;

beforeAll(async () => {
  gw = await startGateway(LIMITS, 'gwlimits');
  gw.responder.answer(identity.me, async (_r, ctx) => userView({ id: ctx.caller?.userId ?? uuidv7() }));
  gw.responder.answer(identity.sendSmsCode, async () => ({ expiresInSeconds: 300 }));
  gw.responder.answer(wallet.setPin, async () => ({}));
  gw.responder.answer(identity.loginSecondFactor, async () => {
    throw new AppError('SMS_CODE_INVALID', 'the code is wrong or has expired: request a new one');
  });
  gw.responder.answer(identity.register, async () => {
    throw new AppError('SMS_CODE_INVALID', 'the code is wrong or has expired: request a new one');
  });
  gw.responder.answer(identity.login, async () => {
    throw new AppError('INVALID_CREDENTIALS', 'wrong account or password');
  });
  await gw.responder.ready();
});

afterAll(async () => {
  await gw?.close();
});

beforeEach(async () => {
  gw.responder.reset();
  await awayFromWindowEdge();
});

const login = (account: string, remoteAddress: string) =>
  gw.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { account, password: 'x' } });

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once an IP spends its per-minute budget, on any route', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      const res = await gw.app.inject({ method: 'GET', url: '/api/v1/nowhere', remoteAddress: ip });
      expect(res.statusCode).toBe(404);
    }
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/auth/captcha', remoteAddress: ip });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    const after = Number(res.headers['retry-after']);
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(60);
    const other = await gw.app.inject({ method: 'GET', url: '/api/v1/nowhere', remoteAddress: freshIp() });
    expect(other.statusCode).toBe(404);
  });

  it('counts clients behind a trusted proxy by their forwarded address, and ignores X-Forwarded-For from anyone else', async () => {
    const viaProxy = (client: string) =>
      gw.app.inject({
        method: 'GET',
        url: '/api/v1/nowhere',
        remoteAddress: '10.9.9.9',
        headers: { 'x-forwarded-for': client },
      });
    const client = freshIp();
    for (let i = 0; i < 8; i++) expect((await viaProxy(client)).statusCode).toBe(404);
    expect((await viaProxy(client)).statusCode).toBe(429);
    expect((await viaProxy(freshIp())).statusCode).toBe(404);

    const direct = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await gw.app.inject({
        method: 'GET',
        url: '/api/v1/nowhere',
        remoteAddress: direct,
        headers: { 'x-forwarded-for': freshIp() },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it('does not count health probes against the IP budget', async () => {
    const ip = freshIp();
    for (let i = 0; i < 12; i++) {
      expect((await gw.app.inject({ method: 'GET', url: '/healthz', remoteAddress: ip })).statusCode).toBe(200);
    }
  });

  it('limits each signed-in user per minute, whatever address they call from', async () => {
    const { token } = tokenFor({ role: 'enterprise' });
    for (let i = 0; i < 3; i++) {
      const res = await gw.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: bearer(token),
        remoteAddress: freshIp(),
      });
      expect(res.statusCode).toBe(200);
    }
    const res = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(token),
      remoteAddress: freshIp(),
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(gw.responder.callsTo(identity.me)).toHaveLength(3);
    const someoneElse = tokenFor({ role: 'enterprise' }).token;
    const other = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(someoneElse),
      remoteAddress: freshIp(),
    });
    expect(other.statusCode).toBe(200);
  });

  it('counts a signed-in request once against its IP budget, and an unsigned or bad-token one too', async () => {
    const ip = freshIp();
    // 8 per IP: 6 signed-in callers (2 calls each would hit the user limit of 3 only later) then 2 strangers
    for (let i = 0; i < 6; i++) {
      const res = await gw.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: bearer(tokenFor({ role: 'enterprise' }).token),
        remoteAddress: ip,
      });
      expect(res.statusCode).toBe(200);
    }
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip })).statusCode).toBe(401);
    const forged = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer('not.a.token'),
      remoteAddress: ip,
    });
    expect(forged.statusCode).toBe(401);
    const over = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(tokenFor({ role: 'enterprise' }).token),
      remoteAddress: ip,
    });
    expect(over.statusCode).toBe(429);
    expect(gw.responder.callsTo(identity.me)).toHaveLength(6);
  });

  it('limits logins per IP, across different accounts', async () => {
    const ip = freshIp();
    expect((await login('account_a1', ip)).statusCode).toBe(401);
    expect((await login('account_a2', ip)).statusCode).toBe(401);
    const res = await login('account_a3', ip);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(gw.responder.callsTo(identity.login)).toHaveLength(2);
  });

  it('limits logins per account, across different IPs (the login budget counts the account too)', async () => {
    expect((await login('account_b1', freshIp())).statusCode).toBe(401);
    expect((await login('ACCOUNT_B1', freshIp())).statusCode).toBe(401);
    expect((await login('account_b1', freshIp())).statusCode).toBe(429);
    expect((await login('account_b2', freshIp())).statusCode).toBe(401);
  });

  it('limits second-factor attempts per IP with the login budget (A7)', async () => {
    const ip = freshIp();
    const attempt = (smsCode: string) =>
      gw.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login/second-factor',
        remoteAddress: ip,
        payload: { challengeId: 'c'.repeat(32), smsCode },
      });
    expect((await attempt('100001')).statusCode).toBe(400);
    expect((await attempt('100002')).statusCode).toBe(400);
    expect((await attempt('100003')).statusCode).toBe(429);
    expect(gw.responder.callsTo(identity.loginSecondFactor)).toHaveLength(2);
  });

  it('limits SMS sends per IP', async () => {
    const ip = freshIp();
    const send = (mobile: string) =>
      gw.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sms-codes',
        remoteAddress: ip,
        payload: { mobile, purpose: 'register', captcha: { id: 'c1', text: 'abcd' } },
      });
    expect((await send('13800000001')).statusCode).toBe(202);
    expect((await send('13800000002')).statusCode).toBe(202);
    expect((await send('13800000003')).statusCode).toBe(429);
  });

  it('limits registrations per IP with the SMS budget: each one checks an SMS code (ID-6)', async () => {
    const ip = freshIp();
    const register = (n: number) =>
      gw.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress: ip,
        payload: {
          role: 'enterprise',
          username: `guesser_${n}`,
          mobile: '13800000009',
          password: 'Voucher#2026',
          confirmPassword: 'Voucher#2026',
          smsCode: String(100000 + n),
          agreed: true,
        },
      });
    expect((await register(1)).statusCode).toBe(400);
    expect((await register(2)).statusCode).toBe(400);
    const over = await register(3);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(gw.responder.callsTo(identity.register)).toHaveLength(2);
  });

  it('limits the PIN routes per user, whatever address they call from, counted with the sign-in', async () => {
    const { token } = tokenFor({ role: 'enterprise' });
    const setPin = (t: string) =>
      gw.app.inject({
        method: 'PUT',
        url: '/api/v1/wallet/pin',
        headers: bearer(t),
        remoteAddress: freshIp(),
        payload: { pin: '246810' },
      });
    expect((await setPin(token)).statusCode).toBe(204);
    expect((await setPin(token)).statusCode).toBe(204);
    const over = await setPin(token);
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect(gw.responder.callsTo(wallet.setPin)).toHaveLength(2);
    // another enterprise has its own budget
    expect((await setPin(tokenFor({ role: 'enterprise' }).token)).statusCode).toBe(204);
  });
});
