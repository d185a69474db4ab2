import type { Refusal } from '@voucher/contracts';
import { describeBreaches, passwordRuleBreaches, type PasswordOwner, type PasswordRule } from './password-policy.ts';

type PasswordChangeRefusal =
  Refusal<'INVALID_CREDENTIALS', { field: 'oldPassword' }> | Refusal<'WEAK_PASSWORD', { rules: PasswordRule[] }>;

/**
 * ID-4: only the owner changes a password. The old one is judged first: a
 * wrong one is a guess at the password, which the handler counts with the
 * login failures (ID-3) whatever the new one is; then ID-2's policy applies
 * to the new one. That the confirmation equals it is the request's shape
 * (`changePasswordRequest`); that it differs from the current one and the
 * last 5 needs their hashes, and is checked where it is hashed.
 */
export function whyPasswordChangeRefused(change: {
  oldPasswordVerified: boolean;
  newPassword: string;
  owner: PasswordOwner;
}): PasswordChangeRefusal | null {
  if (!change.oldPasswordVerified) {
    return { refused: 'INVALID_CREDENTIALS', why: 'the password is wrong', field: 'oldPassword' };
  }
  const breaches = passwordRuleBreaches(change.newPassword, change.owner);
  if (breaches.length > 0) return { refused: 'WEAK_PASSWORD', why: describeBreaches(breaches), rules: breaches };
  return null;
}

/** How a password came to be replaced: by its owner signed in, or reset (ID-7). */
export type PasswordReplacement = 'change' | 'self_reset' | 'admin_reset';

type SessionsToEnd = { userId: string; exceptSessionId?: string };

/**
 * ID-4: a change ends every other session of the user and keeps the one it was
 * made in, whose holder just proved the old password. A reset (ID-7) ends them
 * all: it is asked for when the password may be in someone else's hands, and
 * whoever resets it (the owner by SMS, an administrator) holds no session of
 * the account worth keeping.
 */
export function sessionsEndedByNewPassword(
  how: PasswordReplacement,
  userId: string,
  changedInSessionId: string | undefined,
): SessionsToEnd {
  return how === 'change' && changedInSessionId ? { userId, exceptSessionId: changedInSessionId } : { userId };
}
