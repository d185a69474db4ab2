import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { smsCode } from './actors.ts';

let p: JourneyPlatform;
beforeAll(async () => {
  p = await journeyPlatform('jid');
});
afterAll(() => p?.close());

/** A person about to register: a unique username and mobile each time. */
function someone(role: 'enterprise' | 'provider') {
  const digits = String(randomInt(0, 1e9)).padStart(9, '0');
  return { role, username: `${role}_${digits}`, mobile: `15${digits}`, password: 'Journey#2026a' };
}

async function register(who: ReturnType<typeof someone>) {
  const res = await p.api('POST', '/auth/register', {
    ...who,
    confirmPassword: who.password,
    smsCode: await smsCode(p, who.mobile, 'register'),
    agreed: true,
  });
  expect(res.status).toBe(201);
  return res.body.userId as string;
}

describe('journey: accounts through the gateway', () => {
  it('an enterprise and a provider register, log in, change password, log out, and the old token is refused', async () => {
    const enterprise = someone('enterprise');
    const provider = someone('provider');
    const enterpriseId = await register(enterprise);
    const providerId = await register(provider);

    for (const [who, id] of [
      [enterprise, enterpriseId],
      [provider, providerId],
    ] as const) {
      const login = await p.api('POST', '/auth/login', { account: who.username, password: who.password });
      expect(login.status).toBe(200);
      expect(login.body.user).toEqual({ id, username: who.username, role: who.role });
      const token = login.body.accessToken;

      const me = await p.api('GET', '/me', undefined, token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id, mobile: who.mobile, role: who.role });

      const newPassword = 'Changed#2026b';
      const change = await p.api(
        'PUT',
        '/me/password',
        { oldPassword: who.password, newPassword, confirmPassword: newPassword },
        token,
      );
      expect(change.status).toBe(204);
      expect((await p.api('GET', '/me', undefined, token)).status).toBe(200);

      expect((await p.api('POST', '/auth/logout', undefined, token)).status).toBe(204);
      const after = await p.api('GET', '/me', undefined, token);
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('TOKEN_REVOKED');

      const old = await p.api('POST', '/auth/login', { account: who.username, password: who.password });
      expect(old.status).toBe(401);
      const fresh = await p.api('POST', '/auth/login', { account: who.username, password: newPassword });
      expect(fresh.status).toBe(200);
    }
  });

  it('keeps a browser’s refresh token in an HttpOnly cookie, refreshes from it, and ends the session when one is used twice at once (ID-3)', async () => {
    const who = someone('enterprise');
    await register(who);
    const login = await p.api('POST', '/auth/login', { account: who.username, password: who.password });
    const cookieOf = (headers: Headers) => /voucher_refresh=([^;]*)/.exec(headers.get('set-cookie') ?? '')?.[1];
    const first = cookieOf(login.headers)!;
    expect(first).toBe(login.body.refreshToken);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);

    const viaCookie = await p.api('POST', '/auth/refresh', undefined, undefined, {
      cookie: `voucher_refresh=${first}`,
    });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body).not.toHaveProperty('refreshToken');
    const second = cookieOf(viaCookie.headers)!;
    expect((await p.api('GET', '/me', undefined, viaCookie.body.accessToken)).status).toBe(200);

    // two tabs (or a thief and its victim) present the same refresh token at the same moment
    const race = await Promise.all(
      Array.from({ length: 6 }, () =>
        p.api('POST', '/auth/refresh', undefined, undefined, { cookie: `voucher_refresh=${second}` }),
      ),
    );
    const won = race.filter((r) => r.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    for (const r of race.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('TOKEN_REVOKED');
    // the session is over: the access tokens it gave, before and during the race, and any new refresh token
    expect((await p.api('GET', '/me', undefined, viaCookie.body.accessToken)).body.error.code).toBe('TOKEN_REVOKED');
    for (const w of won) {
      expect((await p.api('GET', '/me', undefined, w.body.accessToken)).status).toBe(401);
      const next = cookieOf(w.headers)!;
      expect(
        (await p.api('POST', '/auth/refresh', undefined, undefined, { cookie: `voucher_refresh=${next}` })).status,
      ).toBe(401);
    }
  });

  const valid = {
    role: 'enterprise',
    username: 'valid_name',
    mobile: '13812345678',
    password: 'Journey#2026a',
    confirmPassword: 'Journey#2026a',
    smsCode: '123456',
    agreed: true,
  };
  const { username: _omitted, ...withoutUsername } = valid;
  it.each([
    ['missing field', withoutUsername, 'username'],
    ['wrong type', { ...valid, username: 12345678 }, 'username'],
    ['over-long', { ...valid, username: 'u'.repeat(31) }, 'username'],
    ['malformed mobile', { ...valid, mobile: '2381234567' }, 'mobile'],
    ['agreement not accepted', { ...valid, agreed: false }, 'agreed'],
    ['role not allowed to register', { ...valid, role: 'admin' }, 'role'],
    ['code of the wrong length', { ...valid, smsCode: '12345' }, 'smsCode'],
  ])('refuses a registration with a %s with 400 naming the field, and writes nothing', async (_case, body, field) => {
    const before = await p.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.users');
    const res = await p.api('POST', '/auth/register', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await p.query('SELECT count(*)::int AS n FROM identity.users')).toEqual(before);
  });

  it('answers 503 while identity is down and recovers when it is back', async () => {
    await p.platform.kill('identity');
    // until NATS notices the dead connection a request may still time out (504); then it is 503 at once
    await expect
      .poll(async () => (await fetch(`${p.platform.gatewayUrl}/readyz`)).status, { timeout: 10_000 })
      .toBe(503);
    const down = await p.api('POST', '/auth/login', { account: 'anyone_at_all', password: 'Whatever#1' });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('UNAVAILABLE');
    await p.platform.restart('identity');
    const up = await p.api('POST', '/auth/login', { account: 'anyone_at_all', password: 'Whatever#1' });
    expect(up.status).toBe(401);
  });
});
