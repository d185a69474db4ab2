import type { Refusal } from '@voucher/contracts';

type StaffRefusal = Refusal<'NOT_QUALIFIED', { rules: ['certification'] }>;

/**
 * ID-8: a provider adds staff once it is certified: staff act for the provider
 * (its products, orders, settlement), which only a certified provider may do.
 * Identity knows it from its projection of qualification's certification
 * events (QUA-9).
 */
export function whyStaffNotAdded(providerCertified: boolean): StaffRefusal | null {
  if (providerCertified) return null;
  return {
    refused: 'NOT_QUALIFIED',
    why: 'a provider adds staff once it is certified (ID-8)',
    rules: ['certification'],
  };
}
