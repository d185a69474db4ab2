import type { QualificationSettings } from '@voucher/contracts';

export type EligibilityRule = 'size' | 'district';

/** QUA-5: which of the programme's rules an applicant breaks; empty when eligible. */
export function eligibilityBreaches(
  settings: Pick<QualificationSettings, 'eligibility' | 'districts'>,
  applicant: { size?: string; district: string },
): EligibilityRule[] {
  const breaches: EligibilityRule[] = [];
  if (applicant.size !== undefined && !settings.eligibility.sizes.includes(applicant.size as never))
    breaches.push('size');
  if (settings.eligibility.districtInCity && !settings.districts.includes(applicant.district))
    breaches.push('district');
  return breaches;
}
