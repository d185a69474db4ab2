import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity, platformRoles } from '@voucher/contracts';
import { maskMobile, maySignInBySmsAlone, requiresSecondFactor } from '../src/domain/second-factor.ts';
import {
  ADMIN,
  askSmsCode,
  asAnswered,
  callerOf,
  codeSentTo,
  identityHarness,
  loggedIn,
  smsCodeFor,
  solvedCaptcha,
  type IdentityHarness,
} from './identity-harness.ts';

let h: IdentityHarness;
let admin: Awaited<ReturnType<typeof loggedIn>>;
beforeAll(async () => {
  h = await identityHarness('id2fa');
  admin = await loggedIn(h, ADMIN.username, ADMIN.password);
});
afterAll(() => h.close());

/** A platform user the administrator creates (ID-10), with what its person signs in with. */
async function platformUser(role: (typeof platformRoles)[number]) {
  const digits = String(randomInt(0, 1e8)).padStart(8, '0');
  const who = { username: `${role.slice(0, 8)}_${digits}`, mobile: `135${digits}`, password: 'Review#2026' };
  const { userId } = await h.call(
    identity.createUser,
    { role, ...who, ...(role === 'district_officer' ? { district: '玄武区' } : {}) },
    admin.caller,
  );
  return { ...who, userId, role };
}

/** The first step: the password, answered with the challenge of the second. */
async function passwordStep(who: { username: string; password: string }, captcha?: { id: string; text: string }) {
  const reply = await h.call(identity.login, {
    account: who.username,
    password: who.password,
    ...(captcha ? { captcha } : {}),
  });
  if (!('secondFactor' in reply)) throw new Error('tokens came without a second factor');
  return reply.secondFactor;
}

describe('A7: platform roles sign in with two factors', () => {
  it.each(platformRoles)(
    '%s: the right password gives no token, only the second step; the code sent to the mobile completes it',
    async (role) => {
      const who = await platformUser(role);
      const reply = await h.call(identity.login, { account: who.username, password: who.password });
      expect(reply).toEqual({
        secondFactor: {
          challengeId: expect.any(String),
          method: 'sms',
          maskedMobile: maskMobile(who.mobile),
          expiresInSeconds: 300,
        },
      });
      expect(reply).not.toHaveProperty('accessToken');
      const { challengeId } = (reply as { secondFactor: { challengeId: string } }).secondFactor;
      const smsCode = await codeSentTo(h, who.mobile, 'second_factor');
      const tokens = await h.call(identity.loginSecondFactor, { challengeId, smsCode });
      expect(callerOf(tokens)).toMatchObject({ userId: who.userId, role });
    },
  );

  it('refuses a wrong code, and then takes the right one; a challenge serves one sign-in', async () => {
    const who = await platformUser('operator');
    const { challengeId } = await passwordStep(who);
    const smsCode = await codeSentTo(h, who.mobile, 'second_factor');
    const wrong = smsCode === '111111' ? '222222' : '111111';
    expect((await h.refusal(identity.loginSecondFactor, { challengeId, smsCode: wrong })).code).toBe(
      'SMS_CODE_INVALID',
    );
    await h.call(identity.loginSecondFactor, { challengeId, smsCode });
    expect((await h.refusal(identity.loginSecondFactor, { challengeId, smsCode })).code).toBe('UNAUTHENTICATED');
  });

  it('sends a new code for a new sign-in once the last was spent, and none while one still waits', async () => {
    const who = await platformUser('finance');
    const first = await passwordStep(who);
    const code1 = await codeSentTo(h, who.mobile, 'second_factor');
    // the password again before using the code: the same code serves the new challenge
    const again = await passwordStep(who);
    expect(await codeSentTo(h, who.mobile, 'second_factor')).toBe(code1);
    await h.call(identity.loginSecondFactor, { challengeId: again.challengeId, smsCode: code1 });
    // spent: the first challenge cannot reuse it, and the next sign-in gets a fresh code
    expect((await h.refusal(identity.loginSecondFactor, { challengeId: first.challengeId, smsCode: code1 })).code).toBe(
      'SMS_CODE_INVALID',
    );
    const next = await passwordStep(who);
    const code2 = await h.call(identity.devSms, { mobile: who.mobile });
    expect(new Date(code2.sentAt!).getTime()).toBeGreaterThan(Date.now() - 5000);
    await h.call(identity.loginSecondFactor, { challengeId: next.challengeId, smsCode: code2.code! });
  });

  it('refuses an unknown challenge as an expired sign-in', async () => {
    const err = await h.refusal(identity.loginSecondFactor, { challengeId: 'x'.repeat(32), smsCode: '123456' });
    expect(err.code).toBe('UNAUTHENTICATED');
  });

  it('counts wrong second factors as failed logins: the 10th locks the account (ID-3)', async () => {
    const who = await platformUser('approver');
    let last: { code: string } | undefined;
    // each code dies after 5 wrong tries: a new password step sends the next (by then with the captcha
    // that 3 failures require of a password login)
    for (let round = 0; round < 2; round++) {
      const { challengeId } = await passwordStep(who, round > 0 ? await solvedCaptcha(h) : undefined);
      const right = await codeSentTo(h, who.mobile, 'second_factor');
      const wrong = right === '111111' ? '222222' : '111111';
      for (let i = 0; i < 5; i++) last = await h.refusal(identity.loginSecondFactor, { challengeId, smsCode: wrong });
    }
    expect(last?.code).toBe('ACCOUNT_LOCKED');
    expect((await h.refusal(identity.login, { account: who.username, password: who.password })).code).toBe(
      'ACCOUNT_LOCKED',
    );
  });

  it('never lets a platform role in with an SMS code alone: no login code is sent, and a guess is any bad code', async () => {
    const who = await platformUser('admin');
    const enterpriseLike = await askSmsCode(h, who.mobile, 'login');
    expect(enterpriseLike).toEqual({ expiresInSeconds: 300 });
    expect((await h.refusal(identity.devSms, { mobile: who.mobile })).code).toBe('NOT_FOUND');
    const refused = await h.refusal(identity.login, { mobile: who.mobile, smsCode: '123456' });
    const stranger = await h.refusal(identity.login, { mobile: '13599999999', smsCode: '123456' });
    expect(asAnswered(refused)).toEqual(asAnswered(stranger));
    expect(refused.code).toBe('SMS_CODE_INVALID');
    // nor does the second factor's code open the SMS login
    await passwordStep(who);
    const secondFactorCode = await codeSentTo(h, who.mobile, 'second_factor');
    expect((await h.refusal(identity.login, { mobile: who.mobile, smsCode: secondFactorCode })).code).toBe(
      'SMS_CODE_INVALID',
    );
  });

  it('never resets a platform account’s password by SMS: an administrator does it (ID-7)', async () => {
    const who = await platformUser('district_officer');
    await askSmsCode(h, who.mobile, 'reset_password');
    expect((await h.refusal(identity.devSms, { mobile: who.mobile })).code).toBe('NOT_FOUND');
    const refused = await h.refusal(identity.resetPassword, {
      mobile: who.mobile,
      smsCode: '123456',
      newPassword: 'Taken#Over2027',
      confirmPassword: 'Taken#Over2027',
    });
    expect(refused.code).toBe('SMS_CODE_INVALID');
    // the password is unchanged, and an administrator can still reset it
    await passwordStep(who);
    await h.call(identity.adminResetPassword, { userId: who.userId, newPassword: 'Reset#ByAdmin27' }, admin.caller);
    await passwordStep({ username: who.username, password: 'Reset#ByAdmin27' });
  });

  it('keeps one factor for enterprises, providers and their staff', async () => {
    const mobile = `134${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const smsCode = await smsCodeFor(h, mobile, 'register');
    const reg = {
      role: 'provider' as const,
      username: `provider_${mobile}`,
      mobile,
      password: 'Voucher#2026',
      confirmPassword: 'Voucher#2026',
      smsCode,
      agreed: true as const,
    };
    await h.call(identity.register, reg);
    const reply = await h.call(identity.login, { account: reg.username, password: reg.password });
    expect(reply).toHaveProperty('accessToken');
  });
});

describe('A7: which roles need the second factor (pure)', () => {
  it('asks it of every platform role and of nobody else', () => {
    for (const role of platformRoles) {
      expect(requiresSecondFactor(role)).toBe(true);
      expect(maySignInBySmsAlone(role)).toBe(false);
    }
    for (const role of ['enterprise', 'provider', 'provider_staff']) {
      expect(requiresSecondFactor(role)).toBe(false);
      expect(maySignInBySmsAlone(role)).toBe(true);
    }
  });

  it('shows the mobile masked', () => {
    expect(maskMobile('13912345678')).toBe('139****5678');
  });
});
