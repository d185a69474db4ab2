import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, identityEvents, isRefusal, refusalError, type Caller } from '@voucher/contracts';
import { appendEvent, requireCaller, requireRole, type Bus, type EventCause } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { mayResetPassword } from '../domain/password-reset.ts';
import { districtOfPlatformUser } from '../domain/platform-users.ts';
import { hashPassword } from '../security/password-hash.ts';
import { findUserById, insertUser, takenFields, uniqueViolationField, type NewUser } from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';
import { setPassword } from './auth.ts';
import { assertPolicy } from './passwords.ts';

/** Creates an account someone else opens (ID-8 staff, ID-10 platform users), with its event. */
export async function createAccount(
  deps: IdentityDeps,
  creator: Caller,
  user: Omit<NewUser, 'id' | 'passwordHash' | 'createdBy'> & { password: string },
  cause: EventCause,
): Promise<string> {
  assertPolicy(user.password, user);
  const taken = await takenFields(deps.db, user.username, user.mobile);
  if (taken.length > 0) throw new AppError('DUPLICATE', `already registered: ${taken.join(', ')}`, { fields: taken });
  const id = uuidv7();
  const passwordHash = await hashPassword(user.password, deps.settings.passwordKdfCost);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const row = await insertUser(trx, { ...user, id, passwordHash, createdBy: creator.userId });
      await recordAudit(trx, {
        entity: 'user',
        entityId: id,
        action: 'created',
        actor: creator,
        toState: 'active',
        reason: `role ${user.role}`,
      });
      await appendEvent(
        trx,
        identityEvents.userCreated,
        {
          userId: id,
          username: row.username,
          mobile: row.mobile,
          role: user.role,
          district: row.district,
          providerId: row.provider_id,
          permissions: user.permissions ?? [],
          createdBy: creator.userId,
          createdAt: row.created_at.toISOString(),
        },
        cause,
      );
    });
  } catch (err) {
    const field = uniqueViolationField(err);
    if (field) throw new AppError('DUPLICATE', `already registered: ${field}`, { fields: [field] });
    throw err;
  }
  return id;
}

export function registerAdminHandlers(bus: Bus, deps: IdentityDeps): void {
  // ID-10
  bus.handle(identity.createUser, async (req, ctx) => {
    const caller = requireRole(ctx, 'admin');
    const placed = districtOfPlatformUser(req.role, req.district);
    if (isRefusal(placed)) throw refusalError(placed);
    const userId = await createAccount(
      deps,
      caller,
      { role: req.role, username: req.username, mobile: req.mobile, password: req.password, district: placed.district },
      ctx,
    );
    return { userId };
  });

  // ID-7: an administrator, or the district officer of the user's district
  bus.handle(identity.adminResetPassword, async (req, ctx) => {
    const caller = requireCaller(ctx);
    const user = await findUserById(deps.db, req.userId);
    if (!user || !mayResetPassword(caller, user)) throw new AppError('NOT_FOUND', 'user not found');
    await setPassword(deps, user, req.newPassword, {
      how: 'admin_reset',
      by: caller.userId,
      byRole: caller.role,
      requestId: ctx.requestId,
    });
    await deps.loginAttempts.clear(user.id);
    return {};
  });
}
