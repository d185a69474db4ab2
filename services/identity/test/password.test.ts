import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity } from '@voucher/contracts';
import { revocationKeys } from '@voucher/kit';
import { sql } from 'kysely';
import { hashPassword } from '../src/security/password-hash.ts';
import { identityHarness, loggedIn, registered, smsCodeFor, type IdentityHarness } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await identityHarness('idpw');
});
afterAll(() => h.close());

const change = (oldPassword: string, newPassword: string) => ({
  oldPassword,
  newPassword,
  confirmPassword: newPassword,
});

describe('A7: password hashes at today’s cost', () => {
  it('makes a weaker stored hash again at the configured cost when its password logs in', async () => {
    const u = await registered(h);
    // as a hash from the days of a lower cost (the harness configures 10)
    await sql`UPDATE users SET password_hash = ${await hashPassword(u.password, 4)} WHERE id = ${u.userId}`.execute(
      h.service.db,
    );
    await h.refusal(identity.login, { account: u.username, password: 'Wrong#2026' });
    expect(await storedCost(u.userId)).toBe(4);
    await loggedIn(h, u.username, u.password);
    expect(await storedCost(u.userId)).toBe(10);
    await loggedIn(h, u.username, u.password);
  });
});

async function storedCost(userId: string): Promise<number> {
  const { rows } = await sql<{ password_hash: string }>`SELECT password_hash FROM users WHERE id = ${userId}`.execute(
    h.service.db,
  );
  return Number(rows[0]!.password_hash.split('$')[1]);
}

describe('WAL-2 the first PIN’s proofs, checked by identity', () => {
  it('verifies the caller’s own password, counting a wrong one with the login failures', async () => {
    const u = await registered(h);
    const { caller } = await loggedIn(h, u.username, u.password);
    expect(await h.refusal(identity.verifyPassword, { password: 'Guess#2026' }, caller)).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      details: { field: 'password' },
    });
    expect(await h.service.redis.get(`login:fail:${u.userId}`)).toBe('1');
    expect(await h.call(identity.verifyPassword, { password: u.password }, caller)).toEqual({ verified: true });
  });

  it('sends a set_pin code to an enterprise’s own mobile and verifies it once', async () => {
    const u = await registered(h);
    const { caller } = await loggedIn(h, u.username, u.password);
    const code = await smsCodeFor(h, u.mobile, 'set_pin');
    expect(await h.call(identity.verifySmsCode, { purpose: 'set_pin', code }, caller)).toEqual({ verified: true });
    expect((await h.refusal(identity.verifySmsCode, { purpose: 'set_pin', code }, caller)).code).toBe(
      'SMS_CODE_INVALID',
    );
  });
});

describe('ID-4 change password', () => {
  it('needs the right old password', async () => {
    const u = await registered(h);
    const { caller } = await loggedIn(h, u.username, u.password);
    expect((await h.refusal(identity.changePassword, change('Wrong#2026', 'Fresh#2026a'), caller)).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('counts a wrong old password with the login failures: captcha at login from the 3rd, the 10th locks the account (ID-3)', async () => {
    const u = await registered(h);
    const { caller } = await loggedIn(h, u.username, u.password);
    const answers = [];
    for (let i = 0; i < 10; i++) {
      answers.push((await h.refusal(identity.changePassword, change('Wrong#2026', 'Fresh#2026a'), caller)).code);
      if (i === 2) {
        // a stolen session guessing the password here is a login guessing it
        expect((await h.refusal(identity.login, { account: u.username, password: u.password })).code).toBe(
          'CAPTCHA_REQUIRED',
        );
      }
    }
    expect(answers.slice(0, 9).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
    expect(answers[9]).toBe('ACCOUNT_LOCKED');
    // locked: the right old password changes nothing, and login is refused too
    expect((await h.refusal(identity.changePassword, change(u.password, 'Fresh#2026a'), caller)).code).toBe(
      'ACCOUNT_LOCKED',
    );
    expect((await h.refusal(identity.login, { account: u.username, password: u.password })).code).toBe(
      'ACCOUNT_LOCKED',
    );
  });

  it('refuses the current password and each of the last 5, and accepts the sixth back', async () => {
    const u = await registered(h);
    const { caller } = await loggedIn(h, u.username, u.password);
    const history = [
      u.password,
      'Second#2026',
      'Third#2026',
      'Fourth#2026',
      'Fifth#2026',
      'Sixth#2026',
      'Seventh#2026',
    ];
    for (let i = 1; i < history.length; i++) {
      await h.call(identity.changePassword, change(history[i - 1]!, history[i]!), caller);
    }
    const current = history.at(-1)!;
    expect((await h.refusal(identity.changePassword, change(current, current), caller)).code).toBe('PASSWORD_REUSED');
    for (const old of history.slice(1, -1)) {
      expect((await h.refusal(identity.changePassword, change(current, old), caller)).code).toBe('PASSWORD_REUSED');
    }
    // the registration password is now six changes back: no longer among the last 5
    await expect(h.call(identity.changePassword, change(current, u.password), caller)).resolves.toEqual({});
  });

  it('ends every other session of the user but keeps the current one', async () => {
    const u = await registered(h);
    const here = await loggedIn(h, u.username, u.password);
    const elsewhere = await loggedIn(h, u.username, u.password);
    await h.call(identity.changePassword, change(u.password, 'Moved#2026on'), here.caller);
    expect(await h.service.redis.exists(revocationKeys.session(elsewhere.caller.sessionId!))).toBe(1);
    expect(await h.service.redis.exists(revocationKeys.session(here.caller.sessionId!))).toBe(0);
    expect((await h.refusal(identity.refresh, { refreshToken: elsewhere.tokens.refreshToken })).code).toBe(
      'TOKEN_REVOKED',
    );
    await expect(h.call(identity.refresh, { refreshToken: here.tokens.refreshToken })).resolves.toBeTruthy();
    expect((await h.refusal(identity.login, { account: u.username, password: u.password })).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});

describe('ID-7 forgotten password', () => {
  it('resets with mobile and SMS code, and ends all sessions', async () => {
    const u = await registered(h);
    const before = await loggedIn(h, u.username, u.password);
    const smsCode = await smsCodeFor(h, u.mobile, 'reset_password');
    await h.call(identity.resetPassword, {
      mobile: u.mobile,
      smsCode,
      newPassword: 'Reset#2026',
      confirmPassword: 'Reset#2026',
    });
    expect(await h.service.redis.exists(revocationKeys.session(before.caller.sessionId!))).toBe(1);
    await expect(h.call(identity.login, { account: u.username, password: 'Reset#2026' })).resolves.toBeTruthy();
  });

  it('refuses a reset without a valid code', async () => {
    const u = await registered(h);
    const err = await h.refusal(identity.resetPassword, {
      mobile: u.mobile,
      smsCode: '000000',
      newPassword: 'Reset#2026',
      confirmPassword: 'Reset#2026',
    });
    expect(err.code).toBe('SMS_CODE_INVALID');
  });
});
