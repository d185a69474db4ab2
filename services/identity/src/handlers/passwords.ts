import { AppError } from '@voucher/contracts';
import type { Kysely } from 'kysely';
import {
  describeBreaches,
  passwordRuleBreaches,
  PASSWORD_HISTORY_DEPTH,
  type PasswordOwner,
} from '../domain/password-policy.ts';
import { hashPassword, verifyPassword } from '../security/password-hash.ts';
import { recentPasswordHashes, type UserRow } from '../store/users.ts';
import type { IdentityDb } from '../store/schema.ts';
import type { IdentityDeps } from './deps.ts';

/** ID-2 as a refusal: WEAK_PASSWORD naming each broken rule. */
export function assertPolicy(password: string, owner: PasswordOwner): void {
  const breaches = passwordRuleBreaches(password, owner);
  if (breaches.length > 0) throw new AppError('WEAK_PASSWORD', describeBreaches(breaches), { rules: breaches });
}

/** ID-2 on change: the new password passes the policy and differs from the current one and the last 5. */
export async function hashNewPassword(
  deps: IdentityDeps,
  db: Kysely<IdentityDb>,
  user: UserRow,
  password: string,
): Promise<string> {
  assertPolicy(password, user);
  const earlier = [user.password_hash, ...(await recentPasswordHashes(db, user.id, PASSWORD_HISTORY_DEPTH))];
  for (const hash of earlier) {
    if (await verifyPassword(password, hash)) {
      throw new AppError(
        'PASSWORD_REUSED',
        `the new password must differ from the current one and the last ${PASSWORD_HISTORY_DEPTH}`,
      );
    }
  }
  return hashPassword(password, deps.settings.passwordKdfCost);
}
