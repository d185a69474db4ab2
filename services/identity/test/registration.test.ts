import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { identity, identityEvents } from '@voucher/contracts';
import { EVENTS_STREAM } from '@voucher/bus';
import {
  ADMIN,
  aRegistration,
  askSmsCode,
  asAnswered,
  identityHarness,
  registered,
  smsCodeFor,
  solvedCaptcha,
  tokensOf,
  type IdentityHarness,
} from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await identityHarness('idreg');
});
afterAll(() => h.close());

async function userCount(): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(h.service.db);
  return r.rows[0]!.n;
}

describe('ID-1 registration', () => {
  it('opens the account at once and publishes evt.identity.user.registered through the outbox', async () => {
    const reg = await registered(h, { role: 'provider' });
    const me = tokensOf(await h.call(identity.login, { account: reg.username, password: reg.password }));
    expect(me.user).toEqual({ id: reg.userId, username: reg.username, role: 'provider' });
    await h.service.relay.flush();
    const info = await h.client.bus.jsm.streams.info(h.client.bus.naming.stream(EVENTS_STREAM), {
      subjects_filter: '>',
    });
    expect(
      info.state.subjects?.[h.client.bus.naming.subject(identityEvents.userRegistered.type)],
    ).toBeGreaterThanOrEqual(1);
  });

  it('refuses a wrong SMS code and writes nothing', async () => {
    const reg = aRegistration();
    await smsCodeFor(h, reg.mobile, 'register');
    const before = await userCount();
    const err = await h.refusal(identity.register, { ...reg, smsCode: '999999' === reg.smsCode ? '111111' : '999999' });
    expect(err.code).toBe('SMS_CODE_INVALID');
    expect(await userCount()).toBe(before);
  });

  it('refuses a weak password with the broken rules named, before spending the code', async () => {
    const reg = aRegistration({ password: 'weakpass', confirmPassword: 'weakpass' });
    const code = await smsCodeFor(h, reg.mobile, 'register');
    const err = await h.refusal(identity.register, { ...reg, smsCode: code });
    expect(err.code).toBe('WEAK_PASSWORD');
    expect(err.details.rules).toContain('character_classes');
    const ok = await h.call(identity.register, {
      ...reg,
      password: 'Strong#2026',
      confirmPassword: 'Strong#2026',
      smsCode: code,
    });
    expect(ok.userId).toBeTruthy();
  });

  it('refuses a password containing the username', async () => {
    const reg = aRegistration({ username: 'acme_corp' });
    const err = await h.refusal(identity.register, { ...reg, password: 'Acme_corp#1', confirmPassword: 'Acme_corp#1' });
    expect(err).toMatchObject({ code: 'WEAK_PASSWORD', details: { rules: ['contains_username'] } });
  });

  it('refuses a username shaped like a mobile number, naming username (ID-1)', async () => {
    const reg = aRegistration();
    const err = await h.refusal(identity.register, { ...reg, username: '13987654321' });
    expect(err).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'username', message: 'must not be shaped like a mobile number' }] },
    });
  });

  it('refuses a confirmation that differs, naming confirmPassword', async () => {
    const err = await h.refusal(identity.register, { ...aRegistration(), confirmPassword: 'Other#2026x' });
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.fields).toEqual([{ path: 'confirmPassword', message: 'must equal password' }]);
  });

  it('checks the SMS code before saying a username is taken: a stranger learns nothing (ID-6)', async () => {
    const first = await registered(h);
    const sameName = aRegistration({ username: first.username.toUpperCase() });
    const freeName = aRegistration();
    await smsCodeFor(h, sameName.mobile, 'register');
    await smsCodeFor(h, freeName.mobile, 'register');
    const taken = asAnswered(await h.refusal(identity.register, { ...sameName, smsCode: '000000' }));
    const free = asAnswered(await h.refusal(identity.register, { ...freeName, smsCode: '000000' }));
    expect(taken).toEqual({ code: 'SMS_CODE_INVALID', message: expect.any(String), details: undefined });
    expect(taken).toEqual(free);
  });

  it('answers 409 DUPLICATE for a taken username, whatever its case, once the code is right, and keeps the code for another try', async () => {
    const first = await registered(h);
    const reg = aRegistration({ username: first.username.toUpperCase() });
    const code = await smsCodeFor(h, reg.mobile, 'register');
    expect(await h.refusal(identity.register, { ...reg, smsCode: code })).toMatchObject({
      code: 'DUPLICATE',
      details: { fields: ['username'] },
    });
    const { userId } = await h.call(identity.register, { ...reg, username: `${first.username}_2`, smsCode: code });
    expect(userId).toBeTruthy();
    // now spent
    expect((await h.refusal(identity.register, { ...reg, username: `${first.username}_3`, smsCode: code })).code).toBe(
      'SMS_CODE_INVALID',
    );
  });

  it('answers a registration code request for a taken mobile like any other, and sends nothing (ID-6)', async () => {
    // the administrator's mobile is taken, and no code was ever sent to it
    const { mobile: free } = aRegistration();
    const takenAnswer = await askSmsCode(h, ADMIN.mobile, 'register');
    expect(takenAnswer).toEqual(await askSmsCode(h, free, 'register'));
    expect((await h.refusal(identity.devSms, { mobile: ADMIN.mobile })).code).toBe('NOT_FOUND');
    expect((await h.call(identity.devSms, { mobile: free })).purpose).toBe('register');
  });

  it('lets exactly one of two concurrent registrations of the same mobile win', async () => {
    const a = aRegistration();
    const b = aRegistration({ mobile: a.mobile });
    const code = await smsCodeFor(h, a.mobile, 'register');
    const results = await Promise.allSettled([
      h.call(identity.register, { ...a, smsCode: code }),
      h.call(identity.register, { ...b, smsCode: code }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE mobile = ${a.mobile}`.execute(
      h.service.db,
    );
    expect(r.rows[0]!.n).toBe(1);
  });
});

describe('ID-6 SMS codes', () => {
  it('sends a code only after the captcha is answered right: a script gets nothing sent', async () => {
    const { mobile } = aRegistration();
    const missing = await h.refusal(identity.sendSmsCode, { mobile, purpose: 'register' } as never);
    expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'captcha' }] } });
    const { captchaId } = await h.call(identity.captcha, {});
    const wrong = await h.refusal(identity.sendSmsCode, {
      mobile,
      purpose: 'register',
      captcha: { id: captchaId, text: 'zzzz' },
    });
    expect(wrong.code).toBe('CAPTCHA_INVALID');
    expect((await h.refusal(identity.devSms, { mobile })).code).toBe('NOT_FOUND');
    // a captcha answers once: the right text on a spent challenge is refused too
    const solved = await solvedCaptcha(h);
    await h.call(identity.sendSmsCode, { mobile, purpose: 'register', captcha: solved });
    const reused = await h.refusal(identity.sendSmsCode, { mobile, purpose: 'login', captcha: solved });
    expect(reused.code).toBe('CAPTCHA_INVALID');
  });

  it('locks a mobile’s codes for a purpose after 10 failed verifications in a day, even the right code, known or unknown', async () => {
    const u = await registered(h);
    const stranger = aRegistration().mobile;
    for (const mobile of [u.mobile, stranger]) {
      // 9 tries with no code at all count like wrong codes
      for (let i = 0; i < 9; i++) await h.refusal(identity.login, { mobile, smsCode: '123456' });
    }
    const code = await smsCodeFor(h, u.mobile, 'login');
    const wrongCode = code === '111111' ? '222222' : '111111';
    expect((await h.refusal(identity.login, { mobile: u.mobile, smsCode: wrongCode })).code).toBe('SMS_CODE_INVALID');
    const locked = await h.refusal(identity.login, { mobile: u.mobile, smsCode: code });
    expect(locked.code).toBe('RATE_LIMITED');
    expect(locked.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.details.retryAfterSeconds).toBeLessThanOrEqual(86_400);
    // a stranger's mobile locks alike, and no new code is sent to a locked mobile
    await h.refusal(identity.login, { mobile: stranger, smsCode: '123456' });
    expect(asAnswered(await h.refusal(identity.login, { mobile: stranger, smsCode: '123456' }))).toMatchObject({
      code: 'RATE_LIMITED',
      message: locked.message,
    });
    const resend = await h.refusal(identity.sendSmsCode, {
      mobile: u.mobile,
      purpose: 'login',
      captcha: await solvedCaptcha(h),
    });
    expect(resend.code).toBe('RATE_LIMITED');
    // the owner's other uses of the mobile are not locked by guesses at its SMS login
    await smsCodeFor(h, u.mobile, 'reset_password');
  });

  it('refuses codes once the platform’s hourly SMS budget is spent, with 429 RATE_LIMITED, sending nothing', async () => {
    const tight = await identityHarness('idbudget', { SMS_BUDGET_PER_HOUR: '3' });
    try {
      // away from the hour's edge, so the three sends and the refusal fall in one hour
      const intoHour = (Date.now() / 1000) % 3600;
      if (intoHour > 3590) await new Promise((r) => setTimeout(r, (3600 - intoHour) * 1000 + 100));
      const mobiles = [1, 2, 3, 4].map(() => aRegistration().mobile);
      for (const mobile of mobiles.slice(0, 3)) await askSmsCode(tight, mobile, 'register');
      const spent = await tight.refusal(identity.sendSmsCode, {
        mobile: mobiles[3]!,
        purpose: 'register',
        captcha: await solvedCaptcha(tight),
      });
      expect(spent.code).toBe('RATE_LIMITED');
      expect(spent.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(spent.details.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect((await tight.refusal(identity.devSms, { mobile: mobiles[3]! })).code).toBe('NOT_FOUND');
    } finally {
      await tight.close();
    }
  });

  it('sends one code per mobile and purpose per minute', async () => {
    const { mobile } = aRegistration();
    await askSmsCode(h, mobile, 'register');
    const err = await h.refusal(identity.sendSmsCode, { mobile, purpose: 'register', captcha: await solvedCaptcha(h) });
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.details.retryAfterSeconds).toBeGreaterThan(50);
  });

  it('burns a code after 5 wrong tries: the right code then fails too', async () => {
    const reg = aRegistration();
    const code = await smsCodeFor(h, reg.mobile, 'register');
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      expect((await h.refusal(identity.register, { ...reg, smsCode: wrong })).code).toBe('SMS_CODE_INVALID');
    }
    const err = await h.refusal(identity.register, { ...reg, smsCode: code });
    expect(err.code).toBe('SMS_CODE_INVALID');
  });

  it('answers a login code request for an unknown mobile like any other, without sending', async () => {
    const { mobile } = aRegistration();
    await expect(askSmsCode(h, mobile, 'login')).resolves.toEqual({
      expiresInSeconds: 300,
    });
    expect((await h.refusal(identity.devSms, { mobile })).code).toBe('NOT_FOUND');
  });
});
