import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity } from '@voucher/contracts';
import { developmentAccessTokenKeys, loadConfig, revocationKeys, verifyAccessToken } from '@voucher/kit';
import { identityService } from '../src/service.ts';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  aRegistration,
  askSmsCode,
  asAnswered,
  callerOf,
  identityHarness,
  loggedIn,
  registered,
  smsCodeFor,
  tokensOf,
  type IdentityHarness,
} from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await identityHarness('idlogin');
});
afterAll(() => h.close());

describe('ID-3 login', () => {
  it('logs in by username or by mobile with the password', async () => {
    const u = await registered(h);
    expect(tokensOf(await h.call(identity.login, { account: u.username, password: u.password })).user.id).toBe(
      u.userId,
    );
    expect(tokensOf(await h.call(identity.login, { account: u.mobile, password: u.password })).user.id).toBe(u.userId);
  });

  it('logs in by mobile and SMS code', async () => {
    const u = await registered(h);
    const smsCode = await smsCodeFor(h, u.mobile, 'login');
    const tokens = tokensOf(await h.call(identity.login, { mobile: u.mobile, smsCode }));
    expect(callerOf(tokens)).toMatchObject({ userId: u.userId, role: 'enterprise' });
  });

  it('takes an account shaped like a mobile for that mobile: a look-alike username from before the rule cannot stand in for its owner', async () => {
    // a username equal to someone's mobile, written before ID-1 refused such names, and older than the owner
    const mobile = aRegistration().mobile;
    await sql`INSERT INTO users (id, username, mobile, role, password_hash)
              VALUES (${uuidv7()}, ${mobile}, ${'13600' + mobile.slice(5)}, 'enterprise', 'scrypt$10$x$y')`.execute(
      h.service.db,
    );
    const owner = await registered(h, { mobile });
    expect(tokensOf(await h.call(identity.login, { account: mobile, password: owner.password })).user.id).toBe(
      owner.userId,
    );
    // and failures typed with the mobile count against its owner alone
    await h.refusal(identity.login, { account: mobile, password: 'Wrong#2026' });
    expect(await h.service.redis.get(`login:fail:${owner.userId}`)).toBe('1');
  });

  it('answers a wrong, a missing and a burned SMS code alike, for known and unknown mobiles (ID-6)', async () => {
    const u = await registered(h);
    const stranger = aRegistration().mobile;
    const code = await smsCodeFor(h, u.mobile, 'login');
    await askSmsCode(h, stranger, 'login');
    const wrongCode = code === '111111' ? '222222' : '111111';
    const smsLogin = async (mobile: string, smsCode: string) =>
      asAnswered(await h.refusal(identity.login, { mobile, smsCode }));
    const wrong = await smsLogin(u.mobile, wrongCode);
    const unknown = await smsLogin(stranger, wrongCode);
    for (let i = 0; i < 3; i++) await smsLogin(u.mobile, wrongCode);
    const burned = await smsLogin(u.mobile, wrongCode);
    const afterBurn = await smsLogin(u.mobile, code);
    expect(wrong).toEqual({ code: 'SMS_CODE_INVALID', message: expect.any(String), details: undefined });
    for (const answer of [unknown, burned, afterBurn]) expect(answer).toEqual(wrong);
    // and the password reset answers the same way
    const reset = async (mobile: string) =>
      asAnswered(
        await h.refusal(identity.resetPassword, {
          mobile,
          smsCode: wrongCode,
          newPassword: 'Renewed#2027',
          confirmPassword: 'Renewed#2027',
        }),
      );
    await smsCodeFor(h, u.mobile, 'reset_password');
    expect(await reset(u.mobile)).toEqual(wrong);
    expect(await reset(stranger)).toEqual(wrong);
  });

  it('answers a lock the same for a known and an unknown mobile (no account probing through the lock)', async () => {
    const u = await registered(h);
    const stranger = aRegistration().mobile;
    for (const mobile of [u.mobile, stranger]) {
      for (let i = 0; i < 10; i++) {
        const captcha = i >= 3 ? await h.call(identity.captcha, {}) : undefined;
        const text = captcha ? (await h.call(identity.devCaptcha, { captchaId: captcha.captchaId })).text : '';
        await h.refusal(identity.login, {
          account: mobile,
          password: 'Wrong#2026',
          ...(captcha ? { captcha: { id: captcha.captchaId, text } } : {}),
        });
      }
    }
    const known = await h.refusal(identity.login, { mobile: u.mobile, smsCode: '123456' });
    const unknown = await h.refusal(identity.login, { mobile: stranger, smsCode: '123456' });
    expect(known.code).toBe('ACCOUNT_LOCKED');
    expect(unknown.code).toBe('ACCOUNT_LOCKED');
  });

  it('answers a wrong account exactly like a wrong password', async () => {
    const u = await registered(h);
    const wrongPassword = await h.refusal(identity.login, { account: u.username, password: 'Nope#2026' });
    const wrongAccount = await h.refusal(identity.login, { account: 'nobody_here', password: 'Nope#2026' });
    expect(wrongPassword.code).toBe('INVALID_CREDENTIALS');
    expect(wrongAccount.code).toBe('INVALID_CREDENTIALS');
  });

  it('requires a captcha after 3 failures, and accepts the right answer', async () => {
    const u = await registered(h);
    for (let i = 0; i < 3; i++) await h.refusal(identity.login, { account: u.username, password: 'Wrong#2026' });
    expect((await h.refusal(identity.login, { account: u.username, password: u.password })).code).toBe(
      'CAPTCHA_REQUIRED',
    );
    const bad = await h.call(identity.captcha, {});
    expect(bad.svg).toContain('<svg');
    expect(
      (
        await h.refusal(identity.login, {
          account: u.username,
          password: u.password,
          captcha: { id: bad.captchaId, text: 'zzzz' },
        })
      ).code,
    ).toBe('CAPTCHA_INVALID');
    const good = await h.call(identity.captcha, {});
    const { text } = await h.call(identity.devCaptcha, { captchaId: good.captchaId });
    const tokens = tokensOf(
      await h.call(identity.login, {
        account: u.username,
        password: u.password,
        captcha: { id: good.captchaId, text: text.toUpperCase() },
      }),
    );
    expect(tokens.user.id).toBe(u.userId);
    // success clears the count: no captcha next time
    await expect(h.call(identity.login, { account: u.username, password: u.password })).resolves.toBeTruthy();
  });

  it('locks the account after 10 failures in 15 minutes, even against the right password', async () => {
    const u = await registered(h);
    let last: { code: string; details?: any } | undefined;
    for (let i = 0; i < 10; i++) {
      const captcha = i >= 3 ? await h.call(identity.captcha, {}) : undefined;
      const answer = captcha ? (await h.call(identity.devCaptcha, { captchaId: captcha.captchaId })).text : '';
      last = await h.refusal(identity.login, {
        account: u.username,
        password: 'Wrong#2026',
        ...(captcha ? { captcha: { id: captcha.captchaId, text: answer } } : {}),
      });
    }
    expect(last?.code).toBe('ACCOUNT_LOCKED');
    expect(new Date(last?.details.until).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect((await h.refusal(identity.login, { account: u.username, password: u.password })).code).toBe(
      'ACCOUNT_LOCKED',
    );
    const smsCode = await smsCodeFor(h, u.mobile, 'login');
    expect((await h.refusal(identity.login, { mobile: u.mobile, smsCode })).code).toBe('ACCOUNT_LOCKED');
  });
});

describe('A7: identity alone signs access tokens', () => {
  it('signs them with EdDSA: the public key verifies them, and no shared secret is involved', async () => {
    const u = await registered(h);
    const { accessToken } = tokensOf(await h.call(identity.login, { account: u.username, password: u.password }));
    const header = JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(verifyAccessToken(accessToken, developmentAccessTokenKeys.publicKey)).toMatchObject({
      ok: true,
      claims: { sub: u.userId, role: 'enterprise' },
    });
  });

  it('refuses to start in production with the development private key', () => {
    expect(() => loadConfig(identityService.config, { NODE_ENV: 'production' })).toThrow(
      /ACCESS_TOKEN_PRIVATE_KEY is the development key pair/,
    );
  });
});

describe('ID-3 refresh and ID-5 logout', () => {
  it('rotates refresh tokens: each works once, and reuse ends the session', async () => {
    const u = await registered(h);
    const first = tokensOf(await h.call(identity.login, { account: u.username, password: u.password }));
    const second = await h.call(identity.refresh, { refreshToken: first.refreshToken });
    expect(callerOf(second).sessionId).toBe(callerOf(first).sessionId);
    expect((await h.refusal(identity.refresh, { refreshToken: first.refreshToken })).code).toBe('TOKEN_REVOKED');
    // the thief's replay killed the whole family, the rightful holder's newer token too
    expect((await h.refusal(identity.refresh, { refreshToken: second.refreshToken })).code).toBe('TOKEN_REVOKED');
    expect(await h.service.redis.exists(revocationKeys.session(callerOf(first).sessionId!))).toBe(1);
  });

  it('treats one refresh token used twice at the same moment as theft: at most one use wins, and the session ends', async () => {
    const u = await registered(h);
    const first = tokensOf(await h.call(identity.login, { account: u.username, password: u.password }));
    const sessionId = callerOf(first).sessionId!;
    const race = await Promise.allSettled(
      Array.from({ length: 8 }, () => h.call(identity.refresh, { refreshToken: first.refreshToken })),
    );
    const won = race.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeLessThanOrEqual(1);
    for (const lost of race.filter((r) => r.status === 'rejected'))
      expect((lost as PromiseRejectedResult).reason.code).toBe('TOKEN_REVOKED');
    // whatever the winner was given is dead with its session: its refresh token and its access token
    for (const w of won) {
      const pair = (w as PromiseFulfilledResult<{ refreshToken: string; accessToken: string }>).value;
      expect((await h.refusal(identity.refresh, { refreshToken: pair.refreshToken })).code).toBe('TOKEN_REVOKED');
      expect(callerOf(pair).sessionId).toBe(sessionId);
    }
    expect(await h.service.redis.exists(revocationKeys.session(sessionId))).toBe(1);
  });

  it('refuses an unknown refresh token', async () => {
    expect((await h.refusal(identity.refresh, { refreshToken: 'x'.repeat(43) })).code).toBe('UNAUTHENTICATED');
  });

  it('logout also ends the session of the refresh token it is given, when it is the caller’s own', async () => {
    const u = await registered(h);
    const phone = await loggedIn(h, u.username, u.password);
    const laptop = await loggedIn(h, u.username, u.password);
    const other = await registered(h);
    const stranger = await loggedIn(h, other.username, other.password);
    // someone else's refresh token is not the caller's to end
    await h.call(identity.logout, { refreshToken: stranger.tokens.refreshToken }, phone.caller);
    await expect(h.call(identity.refresh, { refreshToken: stranger.tokens.refreshToken })).resolves.toBeTruthy();
    await h.call(identity.logout, { refreshToken: laptop.tokens.refreshToken }, phone.caller);
    expect((await h.refusal(identity.refresh, { refreshToken: laptop.tokens.refreshToken })).code).toBe(
      'TOKEN_REVOKED',
    );
  });

  it('logout revokes the access token and the refresh token of the session', async () => {
    const u = await registered(h);
    const { tokens, caller } = await loggedIn(h, u.username, u.password);
    await h.call(identity.logout, {}, caller);
    expect(await h.service.redis.exists(revocationKeys.token(caller.tokenId!))).toBe(1);
    expect((await h.refusal(identity.refresh, { refreshToken: tokens.refreshToken })).code).toBe('TOKEN_REVOKED');
  });
});
