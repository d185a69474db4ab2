import { AppError, identity } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { verifyPassword } from '../security/password-hash.ts';
import { findUserById, toUserView } from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';
import { requireCaller, setPassword } from './auth.ts';
import { verifySmsCode } from './sms-codes.ts';

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

  // ID-4: the old password proves it is the owner; every other session ends
  bus.handle(identity.changePassword, async (req, ctx) => {
    const caller = requireCaller(ctx);
    const user = await findUserById(deps.db, caller.userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    if (!(await verifyPassword(req.oldPassword, user.password_hash))) {
      throw new AppError('INVALID_CREDENTIALS', 'the old password is wrong', { field: 'oldPassword' });
    }
    await setPassword(deps, user, req.newPassword, {
      how: 'change',
      by: user.id,
      requestId: ctx.requestId,
      ...(caller.sessionId ? { keepSessionId: caller.sessionId } : {}),
    });
    return {};
  });
}
