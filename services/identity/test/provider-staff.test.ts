import { describe, expect, it } from 'vitest';
import { whyStaffNotAdded } from '../src/domain/provider-staff.ts';

describe('ID-8: a provider adds staff once certified', () => {
  it('lets a certified provider add staff', () => {
    expect(whyStaffNotAdded(true)).toBeNull();
  });

  it('refuses a provider not certified, naming the certification', () => {
    expect(whyStaffNotAdded(false)).toMatchObject({ refused: 'NOT_QUALIFIED', rules: ['certification'] });
  });
});
