import { describe, expect, it } from 'vitest';
import { sessionsEndedByNewPassword, whyPasswordChangeRefused } from '../src/domain/password-change.ts';

const owner = { username: 'nanjing_tech', mobile: '13812345678' };
const change = (oldPasswordVerified: boolean, newPassword = 'Fresh#2026a') => ({
  oldPasswordVerified,
  newPassword,
  owner,
});

describe('ID-4 change password: what refuses it', () => {
  it('accepts a verified old password and a new one within ID-2', () => {
    expect(whyPasswordChangeRefused(change(true))).toBeNull();
  });

  it('refuses a wrong old password, naming the oldPassword field', () => {
    expect(whyPasswordChangeRefused(change(false))).toEqual({
      refused: 'INVALID_CREDENTIALS',
      why: 'the password is wrong',
      field: 'oldPassword',
    });
  });

  it('judges the old password first: a wrong one with a weak new one is a wrong password (counted, ID-3)', () => {
    expect(whyPasswordChangeRefused(change(false, 'short'))).toMatchObject({ refused: 'INVALID_CREDENTIALS' });
  });

  it.each([
    ['Aa1!', ['length']],
    ['abcdefgh', ['character_classes']],
    ['xNanjing_Tech1', ['contains_username']],
    ['A!13812345678', ['contains_mobile']],
  ])('applies ID-2 to the new password: %s breaks %j', (newPassword, rules) => {
    expect(whyPasswordChangeRefused(change(true, newPassword))).toMatchObject({ refused: 'WEAK_PASSWORD', rules });
  });
});

describe('ID-4/ID-7: which sessions a new password ends', () => {
  const userId = '01900000-0000-7000-8000-000000000001';
  const sessionId = '01900000-0000-7000-8000-0000000000s1';

  it('a change ends every other session of the user and keeps the one it was made in', () => {
    expect(sessionsEndedByNewPassword('change', userId, sessionId)).toEqual({ userId, exceptSessionId: sessionId });
  });

  it('a change from a token without a session ends them all', () => {
    expect(sessionsEndedByNewPassword('change', userId, undefined)).toEqual({ userId });
  });

  it.each(['self_reset', 'admin_reset'] as const)('a %s ends every session, whoever asked for it', (how) => {
    expect(sessionsEndedByNewPassword(how, userId, sessionId)).toEqual({ userId });
  });
});
