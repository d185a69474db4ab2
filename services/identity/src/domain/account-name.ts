import { MOBILE_PATTERN } from '@voucher/contracts';

/**
 * ID-3: what the account typed at login names. Usernames shaped like a mobile
 * are refused (ID-1), so an account shaped like a mobile is a mobile, and
 * anything else a username: one user, never either of two. (Before that rule a
 * username could equal another user's mobile, and their failures and locks
 * were mixed up.)
 */
export type AccountName = { kind: 'mobile'; mobile: string } | { kind: 'username'; username: string };

export function accountName(typed: string): AccountName {
  return MOBILE_PATTERN.test(typed) ? { kind: 'mobile', mobile: typed } : { kind: 'username', username: typed };
}
