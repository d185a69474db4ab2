import { platformRoles } from '@voucher/contracts';

/**
 * ARCHITECTURE A7: the programme's own staff (district officers, operators,
 * experts, approvers, finance, administrators) sign in with two factors: the
 * password, then a code sent to the account's mobile. Enterprises, providers
 * and providers' staff sign in as ID-3 says, with either one.
 */
export function requiresSecondFactor(role: string): boolean {
  return (platformRoles as readonly string[]).includes(role);
}

/**
 * ID-3/ID-7 under A7: an SMS code alone (SMS login, SMS password reset) is one
 * factor, so it never lets a platform account in; such an account's password
 * is reset by an administrator (ID-7).
 */
export function maySignInBySmsAlone(role: string): boolean {
  return !requiresSecondFactor(role);
}

/** The mobile as the second step shows it: enough for its owner to know it, not for a stranger to learn it. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}
