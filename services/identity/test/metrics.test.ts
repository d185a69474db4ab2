import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity } from '@voucher/contracts';
import {
  aRegistration,
  askSmsCode,
  identityHarness,
  registered,
  smsCodeFor,
  type IdentityHarness,
} from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await identityHarness('idmetrics', { METRICS_PORT: '0' });
});
afterAll(() => h.close());

async function counterOf(harness: IdentityHarness, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${harness.service.metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('identity metrics (issue 19): who got in, who was locked out, what SMS left', () => {
  it('counts sign-ins by method and the SMS sent for them, by purpose and never by mobile', async () => {
    const u = await registered(h);
    const sentForLogin = await counterOf(h, 'sms_sent_total', 'purpose="login"');
    await h.call(identity.login, { account: u.username, password: u.password });
    await h.call(identity.login, { mobile: u.mobile, smsCode: await smsCodeFor(h, u.mobile, 'login') });
    expect(await counterOf(h, 'logins_total', 'method="password"')).toBe(1);
    expect(await counterOf(h, 'logins_total', 'method="sms"')).toBe(1);
    expect(await counterOf(h, 'sms_sent_total', 'purpose="login"')).toBe(sentForLogin + 1);
    expect(await counterOf(h, 'sms_sent_total', 'purpose="register"')).toBeGreaterThanOrEqual(1);
    const text = await (await fetch(`http://127.0.0.1:${h.service.metricsPort}/metrics`)).text();
    expect(text).not.toContain(u.mobile);
  });

  it('counts an account locked after ten failed sign-ins (ID-3)', async () => {
    const u = await registered(h);
    for (let i = 0; i < 10; i++) {
      const captcha = i >= 3 ? await h.call(identity.captcha, {}) : undefined;
      const text = captcha ? (await h.call(identity.devCaptcha, { captchaId: captcha.captchaId })).text : '';
      await h.refusal(identity.login, {
        account: u.username,
        password: 'Wrong#2026',
        ...(captcha ? { captcha: { id: captcha.captchaId, text } } : {}),
      });
    }
    expect(await counterOf(h, 'lockouts_total')).toBe(1);
  });

  it('counts an SMS the gateway failed to take as failed, not sent', async () => {
    // nothing listens on port 9 (discard) here: the webhook's every send fails
    const failing = await identityHarness('idmetricsfail', {
      METRICS_PORT: '0',
      SMS_SENDER: 'webhook',
      SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms',
    });
    try {
      await expect(askSmsCode(failing, aRegistration().mobile, 'register')).rejects.toBeTruthy();
      expect(await counterOf(failing, 'sms_failed_total', 'purpose="register"')).toBe(1);
      expect(await counterOf(failing, 'sms_sent_total', 'purpose="register"')).toBe(0);
    } finally {
      await failing.close();
    }
  });
});
