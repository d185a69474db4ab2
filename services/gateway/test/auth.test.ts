import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { identity } from '@voucher/contracts';
import { loadConfig, revocationKeys } from '@voucher/kit';
import { gatewayService } from '../src/service.ts';
import { bearer, startGateway, tokenFor, userView, type TestGateway } from './harness.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({}, 'gwauth');
  gw.responder.answer(identity.me, async (_req, ctx) =>
    userView({ id: ctx.caller?.userId ?? uuidv7(), role: ctx.caller?.role ?? 'enterprise' }),
  );
  gw.responder.answer(identity.adminResetPassword, async () => ({}));
  gw.responder.answer(identity.listStaff, async (q) => ({ items: [], page: q.page, pageSize: q.pageSize, total: 0 }));
  gw.responder.answer(identity.listExperts, async (q) => ({ items: [], page: q.page, pageSize: q.pageSize, total: 0 }));
  gw.responder.answer(identity.createUser, async () => ({ userId: uuidv7() }));
  await gw.responder.ready();
});

afterAll(async () => {
  await gw?.close();
});

beforeEach(() => gw.responder.reset());

const me = (headers: Record<string, string> = {}) => gw.app.inject({ method: 'GET', url: '/api/v1/me', headers });

describe('authentication', () => {
  it('refuses a request without a token with 401 UNAUTHENTICATED', async () => {
    const res = await me();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
  });

  it('refuses a stranger with 401 before looking at the body', async () => {
    const res = await gw.app.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a garbage or non-bearer token with 401 UNAUTHENTICATED', async () => {
    for (const authorization of ['Bearer nonsense', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await me({ authorization });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a token signed with another key with 401 UNAUTHENTICATED', async () => {
    const { token } = tokenFor({ role: 'enterprise', privateKey: generateKeyPairSync('ed25519').privateKey });
    const res = await me(bearer(token));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an HS256 token made with the shared secret every service once held (A7: only identity signs)', async () => {
    // the HS256 token any process with the old development JWT_SECRET could mint, claiming admin
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: uuidv7(),
      role: 'admin',
      username: 'forger_1',
      jti: uuidv7(),
      sid: uuidv7(),
      iat: now,
      exp: now + 900,
    };
    const body = [{ alg: 'HS256', typ: 'JWT' }, claims]
      .map((p) => Buffer.from(JSON.stringify(p)).toString('base64url'))
      .join('.');
    const mac = createHmac('sha256', 'dev-only-secret-change-me-in-production-000000').update(body).digest('base64url');
    const res = await me(bearer(`${body}.${mac}`));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    expect(gw.responder.callsTo(identity.me)).toHaveLength(0);
  });

  it('holds only the public key: production refuses the development one, and there is no signing secret to give it', () => {
    expect(() => loadConfig(gatewayService.config, { NODE_ENV: 'production' })).toThrow(
      /ACCESS_TOKEN_PUBLIC_KEY is the development key pair/,
    );
    // the file store's keys (STORAGE_S3_*) are the gateway's to hold; no key that signs anything is
    const signing = Object.keys(gatewayService.config ?? {}).filter(
      (k) => /PRIVATE|SECRET/.test(k) && !k.startsWith('STORAGE_S3_'),
    );
    expect(signing).toEqual([]);
    const own = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(loadConfig(gatewayService.config, { NODE_ENV: 'production', ACCESS_TOKEN_PUBLIC_KEY: own })).toBeTruthy();
  });

  it('refuses an expired token with 401 UNAUTHENTICATED', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { token } = tokenFor({ role: 'enterprise', iat: now - 1000, exp: now - 1 });
    const res = await me(bearer(token));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token whose role is not a platform role with 401 UNAUTHENTICATED', async () => {
    const { token } = tokenFor({ role: 'superuser' as never });
    const res = await me(bearer(token));
    expect(res.statusCode).toBe(401);
  });

  it('passes a valid token through, its claims reaching the service as the caller', async () => {
    const { token, claims } = tokenFor({ role: 'district_officer', district: '玄武区', username: 'officer_1' });
    const res = await me(bearer(token));
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(claims.sub);
    const [call] = gw.responder.callsTo(identity.me);
    expect(call?.ctx.caller).toEqual({
      userId: claims.sub,
      role: 'district_officer',
      username: 'officer_1',
      sessionId: claims.sid,
      tokenId: claims.jti,
      district: '玄武区',
    });
  });
});

describe('revocation', () => {
  const redis = () => gw.service.redis;

  it('refuses a token whose jti was revoked with 401 TOKEN_REVOKED', async () => {
    const { token, claims } = tokenFor({ role: 'enterprise' });
    await redis().set(revocationKeys.token(claims.jti), '1', 'EX', 60);
    const res = await me(bearer(token));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('TOKEN_REVOKED');
    expect(gw.responder.callsTo(identity.me)).toHaveLength(0);
  });

  it('refuses a token whose session was revoked with 401 TOKEN_REVOKED', async () => {
    const { token, claims } = tokenFor({ role: 'enterprise' });
    await redis().set(revocationKeys.session(claims.sid), '1', 'EX', 60);
    const res = await me(bearer(token));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('TOKEN_REVOKED');
  });

  it('refuses a token issued before the user-wide cut-off with 401 TOKEN_REVOKED, and accepts one issued after', async () => {
    const userId = uuidv7();
    const now = Math.floor(Date.now() / 1000);
    await redis().set(revocationKeys.userBefore(userId), String(now), 'EX', 60);
    const before = tokenFor({ role: 'enterprise', userId, iat: now - 10 });
    const res = await me(bearer(before.token));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('TOKEN_REVOKED');
    const after = tokenFor({ role: 'enterprise', userId, iat: now });
    expect((await me(bearer(after.token))).statusCode).toBe(200);
  });
});

describe('roles', () => {
  const resetPassword = (token: string) =>
    gw.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${uuidv7()}/password-reset`,
      headers: bearer(token),
      payload: { newPassword: 'Secret#2026' },
    });

  it('refuses a role the route does not list with 403 FORBIDDEN, before the service is asked', async () => {
    const res = await resetPassword(tokenFor({ role: 'enterprise' }).token);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(gw.responder.callsTo(identity.adminResetPassword)).toHaveLength(0);
  });

  it('lets a listed role through: a district officer resets a password (204)', async () => {
    const res = await resetPassword(tokenFor({ role: 'district_officer', district: '玄武区' }).token);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('lets admin call a route that a platform role may call (DOMAIN §1)', async () => {
    const res = await resetPassword(tokenFor({ role: 'admin' }).token);
    expect(res.statusCode).toBe(204);
    const [call] = gw.responder.callsTo(identity.adminResetPassword);
    expect(call?.payload).toMatchObject({ newPassword: 'Secret#2026' });
  });

  it('does not let admin call a route only a provider may call', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/provider/staff',
      headers: bearer(tokenFor({ role: 'admin' }).token),
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a role on an admin-only route even when it is a platform role', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: bearer(tokenFor({ role: 'operator' }).token),
      payload: { role: 'operator', username: 'operator_2', mobile: '13800000001', password: 'Secret#2026' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('provider staff permissions', () => {
  const experts = (token: string) =>
    gw.app.inject({ method: 'GET', url: '/api/v1/provider/experts', headers: bearer(token) });

  it('refuses provider_staff without the route permission with 403 FORBIDDEN', async () => {
    const { token } = tokenFor({ role: 'provider_staff', providerId: uuidv7(), permissions: ['orders'] });
    const res = await experts(token);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(gw.responder.callsTo(identity.listExperts)).toHaveLength(0);
  });

  it('lets provider_staff with the route permission through, its provider id travelling to the service', async () => {
    const providerId = uuidv7();
    const { token } = tokenFor({ role: 'provider_staff', providerId, permissions: ['experts'] });
    const res = await experts(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
    expect(gw.responder.callsTo(identity.listExperts)[0]?.ctx.caller).toMatchObject({
      role: 'provider_staff',
      providerId,
      permissions: ['experts'],
    });
  });

  it('lets the provider main account through without any permission', async () => {
    const res = await experts(tokenFor({ role: 'provider' }).token);
    expect(res.statusCode).toBe(200);
  });

  it('refuses provider_staff on a route only the main account may call, whatever its permissions', async () => {
    const { token } = tokenFor({
      role: 'provider_staff',
      permissions: ['products', 'orders', 'settlement', 'experts', 'customers', 'statistics'],
    });
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/provider/staff', headers: bearer(token) });
    expect(res.statusCode).toBe(403);
  });
});
