import { AppError, identity, refusalError } from '@voucher/contracts';
import { requireCaller, type Bus } from '@voucher/bus';
import { whyPasswordChangeRefused } from '../domain/password-change.ts';
import { verifyPassword } from '../security/password-hash.ts';
import { findUserById, toUserView, type UserRow } from '../store/users.ts';
import { assertNotLocked, countLoginFailure } from './login.ts';
import type { IdentityDeps } from './deps.ts';
import { setPassword } from './auth.ts';
import { verifySmsCode } from './sms-codes.ts';

/**
 * ID-3: a signed-in user's password typed again (to change it, ID-4; to set a
 * first PIN, WAL-2). Someone holding a stolen session could guess it here as
 * at login, so a locked account is refused before it is checked, and the
 * caller counts a wrong one with the login failures (`countLoginFailure`:
 * captcha at login from the 3rd, the 10th locks the account).
 */
async function ownPasswordVerified(deps: IdentityDeps, user: UserRow, password: string): Promise<boolean> {
  await assertNotLocked(deps, user.id);
  return verifyPassword(password, user.password_hash);
}

export function registerAccountHandlers(bus: Bus, deps: IdentityDeps): void {
  bus.handle(identity.me, async (_req, ctx) => {
    const user = await findUserById(deps.db, requireCaller(ctx).userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    return toUserView(user);
  });

  // WAL-2's reset goes through here: the code was sent to the caller's own mobile
  bus.handle(identity.verifySmsCode, async ({ purpose, code }, ctx) => {
    const user = await findUserById(deps.db, requireCaller(ctx).userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    await verifySmsCode(deps, purpose, user.mobile, code);
    return { verified: true as const };
  });

  // WAL-2's first PIN goes through here: the caller's own password proves it is the owner
  bus.handle(identity.verifyPassword, async ({ password }, ctx) => {
    const user = await findUserById(deps.db, requireCaller(ctx).userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    if (!(await ownPasswordVerified(deps, user, password))) {
      throw await countLoginFailure(
        deps,
        user.id,
        user,
        ctx,
        () => new AppError('INVALID_CREDENTIALS', 'the password is wrong', { field: 'password' }),
      );
    }
    return { verified: true as const };
  });

  // ID-4: the old password proves it is the owner; every other session ends
  bus.handle(identity.changePassword, async (req, ctx) => {
    const caller = requireCaller(ctx);
    const user = await findUserById(deps.db, caller.userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    const refusal = whyPasswordChangeRefused({
      oldPasswordVerified: await ownPasswordVerified(deps, user, req.oldPassword),
      newPassword: req.newPassword,
      owner: user,
    });
    if (refusal?.refused === 'INVALID_CREDENTIALS') {
      throw await countLoginFailure(deps, user.id, user, ctx, () => refusalError(refusal));
    }
    if (refusal) throw refusalError(refusal);
    await setPassword(deps, user, req.newPassword, {
      how: 'change',
      by: user.id,
      requestId: ctx.requestId,
      changedInSessionId: caller.sessionId,
    });
    return {};
  });
}
