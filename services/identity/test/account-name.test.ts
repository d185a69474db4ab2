import { describe, expect, it } from 'vitest';
import { usernameSchema } from '@voucher/contracts';
import { accountName } from '../src/domain/account-name.ts';

describe('ID-1/ID-3 usernames and mobiles never overlap', () => {
  it('takes an account shaped like a mobile for a mobile, anything else for a username', () => {
    expect(accountName('13812345678')).toEqual({ kind: 'mobile', mobile: '13812345678' });
    expect(accountName('Nanjing_Tech')).toEqual({ kind: 'username', username: 'Nanjing_Tech' });
    // not quite a mobile: 12 digits, or not starting with 1
    expect(accountName('138123456789').kind).toBe('username');
    expect(accountName('23812345678').kind).toBe('username');
  });

  it('refuses a username shaped like a mobile number, and keeps digits-only usernames of other shapes', () => {
    const refused = usernameSchema.safeParse('13812345678');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('must not be shaped like a mobile number');
    expect(usernameSchema.safeParse('1381234567').success).toBe(true);
    expect(usernameSchema.safeParse('company_13812345678').success).toBe(true);
  });
});
