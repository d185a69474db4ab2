import { describe, expect, it } from 'vitest';
import { mayResetPassword } from '../src/domain/password-reset.ts';

const enterprise = (district: string | null) => ({ role: 'enterprise', district });

describe('ID-7: who resets another account’s password', () => {
  it.each(['enterprise', 'provider', 'provider_staff', 'operator', 'admin'])(
    'an administrator resets a %s’s',
    (role) => {
      expect(mayResetPassword({ role: 'admin' }, { role, district: null })).toBe(true);
    },
  );

  it('a district officer resets an enterprise’s of its own district', () => {
    expect(mayResetPassword({ role: 'district_officer', district: '玄武区' }, enterprise('玄武区'))).toBe(true);
  });

  it('a district officer does not reset an enterprise’s of another district, nor one without a district', () => {
    expect(mayResetPassword({ role: 'district_officer', district: '玄武区' }, enterprise('鼓楼区'))).toBe(false);
    expect(mayResetPassword({ role: 'district_officer', district: '玄武区' }, enterprise(null))).toBe(false);
  });

  it('a district officer without a district resets nobody’s', () => {
    expect(mayResetPassword({ role: 'district_officer' }, enterprise(null))).toBe(false);
  });

  it('a district officer does not reset a provider’s, even one of its district', () => {
    expect(
      mayResetPassword({ role: 'district_officer', district: '玄武区' }, { role: 'provider', district: '玄武区' }),
    ).toBe(false);
  });

  it.each(['enterprise', 'provider', 'operator', 'approver', 'finance'])('a %s resets nobody else’s', (role) => {
    expect(mayResetPassword({ role, district: '玄武区' }, enterprise('玄武区'))).toBe(false);
  });
});
