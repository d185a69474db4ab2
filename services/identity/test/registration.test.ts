import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { identity, identityEvents } from '@voucher/contracts';
import { EVENTS_STREAM } from '@voucher/bus';
import {
  ADMIN,
  aRegistration,
  asAnswered,
  identityHarness,
  registered,
  smsCodeFor,
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
    const me = await h.call(identity.login, { account: reg.username, password: reg.password });
    expect(me.user).toEqual({ id: reg.userId, username: reg.username, role: 'provider' });
    await h.service.relay.flush();
    const info = await h.client.jsm.streams.info(h.client.naming.stream(EVENTS_STREAM), { subjects_filter: '>' });
    expect(info.state.subjects?.[h.client.naming.subject(identityEvents.userRegistered.type)]).toBeGreaterThanOrEqual(
      1,
    );
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
    const takenAnswer = await h.call(identity.sendSmsCode, { mobile: ADMIN.mobile, purpose: 'register' });
    expect(takenAnswer).toEqual(await h.call(identity.sendSmsCode, { mobile: free, purpose: 'register' }));
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
  it('sends one code per mobile and purpose per minute', async () => {
    const { mobile } = aRegistration();
    await h.call(identity.sendSmsCode, { mobile, purpose: 'register' });
    const err = await h.refusal(identity.sendSmsCode, { mobile, purpose: 'register' });
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
    await expect(h.call(identity.sendSmsCode, { mobile, purpose: 'login' })).resolves.toEqual({
      expiresInSeconds: 300,
    });
    expect((await h.refusal(identity.devSms, { mobile })).code).toBe('NOT_FOUND');
  });
});
