import { describe, expect, it } from 'vitest';
import { mayReceiveCode } from '../src/domain/sms-rules.ts';

describe('ID-6 who is sent a code', () => {
  it('sends a registration code only to a mobile without an account', () => {
    expect(mayReceiveCode('register', false)).toBe(true);
    expect(mayReceiveCode('register', true)).toBe(false);
  });

  it('sends login and reset codes only to a mobile with an account', () => {
    for (const purpose of ['login', 'reset_password', 'reset_pin']) {
      expect(mayReceiveCode(purpose, true)).toBe(true);
      expect(mayReceiveCode(purpose, false)).toBe(false);
    }
  });
});
