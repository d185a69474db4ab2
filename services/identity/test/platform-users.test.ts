import { describe, expect, it } from 'vitest';
import { platformRoles } from '@voucher/contracts';
import { districtOfPlatformUser } from '../src/domain/platform-users.ts';

describe('ID-10: the platform users an administrator creates', () => {
  it('binds a district officer to its district', () => {
    expect(districtOfPlatformUser('district_officer', '玄武区')).toEqual({ district: '玄武区' });
  });

  it.each([undefined, ''])('refuses a district officer without a district (%j), naming the field', (district) => {
    expect(districtOfPlatformUser('district_officer', district)).toMatchObject({
      refused: 'VALIDATION_FAILED',
      fields: [{ path: 'district' }],
    });
  });

  it.each(platformRoles.filter((r) => r !== 'district_officer'))(
    'creates a %s for the whole programme, keeping no district sent with it',
    (role) => {
      expect(districtOfPlatformUser(role, '玄武区')).toEqual({ district: null });
      expect(districtOfPlatformUser(role, undefined)).toEqual({ district: null });
    },
  );
});
