import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { identity } from '@voucher/contracts';
import { identityHarness, registered, type IdentityHarness } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await identityHarness('idtext');
});
afterAll(() => h?.close());

const textOf = (userId: string, text = '企业认证已通过：您提交的企业认证已审核通过。') => ({
  key: uuidv7(),
  userId,
  text,
});

describe('issue 18: svc.identity.textUser, the notices of the notifications service', () => {
  it('texts the user’s own mobile once per key, through the development sink beside its codes', async () => {
    const u = await registered(h);
    const request = textOf(u.userId);
    const first = await h.call(identity.textUser, request);
    expect(first.key).toBe(request.key);
    const sink = await h.call(identity.devSms, { mobile: u.mobile });
    expect(sink.purpose).toBe('register');
    expect(sink.texts).toEqual([{ text: request.text, sentAt: expect.any(String) }]);
    // the same key again: nothing sent, the first answer
    expect(await h.call(identity.textUser, request)).toEqual(first);
    expect((await h.call(identity.devSms, { mobile: u.mobile })).texts).toHaveLength(1);
    // another key is another text, newest first
    const next = textOf(u.userId, '订单待接单：请处理。');
    await h.call(identity.textUser, next);
    expect((await h.call(identity.devSms, { mobile: u.mobile })).texts.map((t) => t.text)).toEqual([
      next.text,
      request.text,
    ]);
  });

  it('refuses an unknown user, and records nothing for the key', async () => {
    const request = textOf(uuidv7());
    expect((await h.refusal(identity.textUser, request)).code).toBe('NOT_FOUND');
    expect((await h.refusal(identity.textUser, request)).code).toBe('NOT_FOUND');
  });

  it('refuses a key already used for another user', async () => {
    const [a, b] = [await registered(h), await registered(h)];
    const request = textOf(a.userId);
    await h.call(identity.textUser, request);
    expect((await h.refusal(identity.textUser, { ...request, userId: b.userId })).code).toBe('DUPLICATE');
    expect((await h.call(identity.devSms, { mobile: b.mobile })).texts).toEqual([]);
  });

  it('refuses a text over the bound', async () => {
    const u = await registered(h);
    expect((await h.refusal(identity.textUser, textOf(u.userId, '长'.repeat(301)))).code).toBe('VALIDATION_FAILED');
  });

  it('is answered only for notifications: another service’s request is refused and sends nothing', async () => {
    const u = await registered(h);
    for (const sender of ['gateway', 'orders']) {
      const bus = await h.client.busAs(sender);
      await expect(bus.request(identity.textUser, textOf(u.userId), { requestId: uuidv7() })).rejects.toThrow();
    }
    expect((await h.call(identity.devSms, { mobile: u.mobile })).texts).toEqual([]);
  });
});

describe('issue 18 item 6: texts spend a budget of their own, never the codes’ (ID-6)', () => {
  it('refuses a text once the budget is spent, with RATE_LIMITED to retry later, and sends it once retried', async () => {
    const tight = await identityHarness('idtextbudget', { SMS_TEXT_BUDGET_PER_HOUR: '1', SMS_BUDGET_PER_HOUR: '1' });
    try {
      // away from the hour's edge, so the sends and the refusal fall in one hour
      const intoHour = (Date.now() / 1000) % 3600;
      if (intoHour > 3590) await new Promise((r) => setTimeout(r, (3600 - intoHour) * 1000 + 100));
      const u = await registered(tight); // its registration code: the codes' one of the hour, not the texts'
      await tight.call(identity.textUser, textOf(u.userId));
      const over = textOf(u.userId, '第三条');
      const spent = await tight.refusal(identity.textUser, over);
      expect(spent.code).toBe('RATE_LIMITED');
      expect(spent.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(spent.details.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect((await tight.call(identity.devSms, { mobile: u.mobile })).texts).toHaveLength(1);
      // the key was not spent by the refusal: the next hour's budget sends it
      await tight.service.redis.del(`sms:budget:texts:${Math.floor(Date.now() / 3_600_000)}`);
      await tight.call(identity.textUser, over);
      expect((await tight.call(identity.devSms, { mobile: u.mobile })).texts[0]?.text).toBe('第三条');
    } finally {
      await tight.close();
    }
  });
});
