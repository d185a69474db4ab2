import type { FieldIssue, platformRoles, Refusal } from '@voucher/contracts';

type PlatformRole = (typeof platformRoles)[number];

type PlatformUserRefusal = Refusal<'VALIDATION_FAILED', { fields: FieldIssue[] }>;

/**
 * ID-10: administrators create the staff users of the platform roles
 * (`platformRoles`: the request's shape admits no other, and only an
 * administrator is let in). A district officer acts for one district (DOMAIN
 * §1: it sees only its district's), so it is not created without one; the
 * other roles act for the whole programme, so a district sent with them is
 * not kept. The database refuses an officer without a district too
 * (`officer_has_district`).
 */
export function districtOfPlatformUser(
  role: PlatformRole,
  district: string | undefined,
): { district: string | null } | PlatformUserRefusal {
  if (role !== 'district_officer') return { district: null };
  if (!district) {
    return {
      refused: 'VALIDATION_FAILED',
      why: 'a district officer needs a district',
      fields: [{ path: 'district', message: 'required for a district officer' }],
    };
  }
  return { district };
}
