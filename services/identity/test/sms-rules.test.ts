import { describe, expect, it } from 'vitest';
import { budgetHour, mayReceiveCode, secondsLeftInDay } from '../src/domain/sms-rules.ts';

describe('ID-6 who is sent a code', () => {
  const enterprise = { role: 'enterprise' };
  it('sends a registration code only to a mobile without an account', () => {
    expect(mayReceiveCode('register', undefined)).toBe(true);
    expect(mayReceiveCode('register', enterprise)).toBe(false);
  });

  it('counts a locked mobile’s wait to the end of the programme’s day', () => {
    // 23:00:00 in Shanghai is 15:00:00 UTC
    expect(secondsLeftInDay(new Date('2026-03-01T15:00:00Z'), 'Asia/Shanghai')).toBe(3600);
    expect(secondsLeftInDay(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe(86_400);
  });

  it('counts the SMS budget by clock hour', () => {
    expect(budgetHour(new Date('2026-03-01T10:59:30Z'))).toMatchObject({ secondsLeft: 30 });
    const a = budgetHour(new Date('2026-03-01T10:00:00Z'));
    const b = budgetHour(new Date('2026-03-01T10:59:59Z'));
    const c = budgetHour(new Date('2026-03-01T11:00:00Z'));
    expect(a.hour).toBe(b.hour);
    expect(c.hour).toBe(a.hour + 1);
  });

  it('sends login and reset codes only to a mobile with an account', () => {
    for (const purpose of ['login', 'reset_password', 'reset_pin'] as const) {
      expect(mayReceiveCode(purpose, enterprise)).toBe(true);
      expect(mayReceiveCode(purpose, undefined)).toBe(false);
    }
  });

  it('never sends a login or password-reset code to a platform role: an SMS code alone is one factor (A7)', () => {
    for (const role of ['district_officer', 'operator', 'expert', 'approver', 'finance', 'admin']) {
      expect(mayReceiveCode('login', { role })).toBe(false);
      expect(mayReceiveCode('reset_password', { role })).toBe(false);
    }
    for (const role of ['provider', 'provider_staff']) expect(mayReceiveCode('login', { role })).toBe(true);
  });

  it('sends a PIN reset code only to an enterprise, whose PIN it is (WAL-2)', () => {
    expect(mayReceiveCode('reset_pin', { role: 'provider' })).toBe(false);
    expect(mayReceiveCode('reset_pin', { role: 'admin' })).toBe(false);
  });
});
