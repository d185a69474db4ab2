import { AppError, identity } from '@voucher/contracts';
import { requireCaller, type Bus, type EventCause } from '@voucher/bus';
import { verifyPassword } from '../security/password-hash.ts';
import { findUserById, toUserView, type UserRow } from '../store/users.ts';
import { assertNotLocked, countLoginFailure } from './login.ts';
import type { IdentityDeps } from './deps.ts';
import { setPassword } from './auth.ts';
import { verifySmsCode } from './sms-codes.ts';

/**
 * ID-3/ID-4: a signed-in user's password typed again (to change it, to set a
 * first PIN). Someone holding a stolen session could guess it here as at
 * login, so a wrong one counts with the login failures (captcha at login from
 * the 3rd, the 10th locks the account) and a locked account is refused.
 */
async function proveOwnPassword(
  deps: IdentityDeps,
  user: UserRow,
  password: string,
  field: string,
  cause: EventCause,
): Promise<void> {
  await assertNotLocked(deps, user.id);
  if (await verifyPassword(password, user.password_hash)) return;
  throw await countLoginFailure(
    deps,
    user.id,
    user,
    cause,
    () => new AppError('INVALID_CREDENTIALS', 'the password is wrong', { field }),
  );
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
    await proveOwnPassword(deps, user, password, 'password', ctx);
    return { verified: true as const };
  });

  // ID-4: the old password proves it is the owner; every other session ends
  bus.handle(identity.changePassword, async (req, ctx) => {
    const caller = requireCaller(ctx);
    const user = await findUserById(deps.db, caller.userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    await proveOwnPassword(deps, user, req.oldPassword, 'oldPassword', ctx);
    await setPassword(deps, user, req.newPassword, {
      how: 'change',
      by: user.id,
      requestId: ctx.requestId,
      ...(caller.sessionId ? { keepSessionId: caller.sessionId } : {}),
    });
    return {};
  });
}
