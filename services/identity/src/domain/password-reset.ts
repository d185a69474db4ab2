/** Who asks to reset a password, as its access token names it. */
interface Resetter {
  role: string;
  district?: string;
}

/** The account whose password would be reset. */
interface ResetAccount {
  role: string;
  district: string | null;
}

/**
 * ID-7 (seed 000 1.3): besides its owner, an administrator resets any
 * account's password, and a district officer that of an enterprise of its own
 * district (DOMAIN §1: an officer acts only within its district). Anyone else
 * is answered as if the account did not exist, so another district's users
 * are not revealed (API.md).
 */
export function mayResetPassword(resetter: Resetter, account: ResetAccount): boolean {
  if (resetter.role === 'admin') return true;
  return (
    resetter.role === 'district_officer' &&
    account.role === 'enterprise' &&
    resetter.district !== undefined &&
    account.district === resetter.district
  );
}
