import { AppError, identity, identityEvents, refusalError, type Caller } from '@voucher/contracts';
import { appendEvent, requireRole, type Bus } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { whyStaffNotAdded } from '../domain/provider-staff.ts';
import type { IdentityDeps } from './deps.ts';
import { setPassword } from './auth.ts';
import { createAccount } from './admin.ts';
import { endSessions } from './sessions.ts';
import { isProviderCertified } from '../store/certified-providers.ts';
import {
  deleteUser,
  findStaffOf,
  pageOfStaff,
  setPermissions,
  toUserView,
  updateContact,
  type UserRow,
} from '../store/users.ts';
import type { HandlerContext } from '@voucher/bus';

/** ID-8 is the provider main account's: staff cannot manage staff. */
function requireProvider(ctx: HandlerContext): Caller {
  return requireRole(ctx, 'provider');
}

async function ownStaff(deps: IdentityDeps, provider: Caller, id: string): Promise<UserRow> {
  const row = await findStaffOf(deps.db, provider.userId, id);
  if (!row) throw new AppError('NOT_FOUND', 'staff account not found');
  return row;
}

export function registerStaffHandlers(bus: Bus, deps: IdentityDeps): void {
  const { db } = deps;

  bus.handle(identity.listStaff, async ({ page, pageSize }, ctx) => {
    const provider = requireProvider(ctx);
    const { rows, total } = await pageOfStaff(db, provider.userId, page, pageSize);
    return { items: rows.map(toUserView), page, pageSize, total };
  });

  bus.handle(identity.createStaff, async (req, ctx) => {
    const provider = requireProvider(ctx);
    const refusal = whyStaffNotAdded(await isProviderCertified(db, provider.userId));
    if (refusal) throw refusalError(refusal);
    const userId = await createAccount(
      deps,
      provider,
      {
        role: 'provider_staff',
        username: req.username,
        mobile: req.mobile,
        email: req.email ?? null,
        password: req.password,
        providerId: provider.userId,
        permissions: [...new Set(req.permissions)],
      },
      ctx,
    );
    return { userId };
  });

  bus.handle(identity.updateStaff, async ({ id, mobile, email }, ctx) => {
    const provider = requireProvider(ctx);
    await ownStaff(deps, provider, id);
    try {
      const row = await updateContact(db, id, { mobile, email });
      return toUserView(row);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('DUPLICATE', 'already registered: mobile', { fields: ['mobile'] });
      }
      throw err;
    }
  });

  bus.handle(identity.deleteStaff, async ({ id }, ctx) => {
    const provider = requireProvider(ctx);
    await ownStaff(deps, provider, id);
    await endSessions(deps, db, { userId: id });
    await db.transaction().execute(async (trx) => {
      await deleteUser(trx, id);
      await recordAudit(trx, { entity: 'user', entityId: id, action: 'deleted', actor: provider, fromState: 'active' });
      await appendEvent(
        trx,
        identityEvents.userDeleted,
        { userId: id, deletedBy: provider.userId, at: new Date().toISOString() },
        ctx,
      );
    });
    return {};
  });

  bus.handle(identity.resetStaffPassword, async ({ id, newPassword }, ctx) => {
    const provider = requireProvider(ctx);
    const staff = await ownStaff(deps, provider, id);
    await setPassword(deps, staff, newPassword, {
      how: 'admin_reset',
      by: provider.userId,
      byRole: provider.role,
      requestId: ctx.requestId,
    });
    return {};
  });

  // Menus travel in the access token, so the staff member's sessions end and the
  // next login carries the new grant at once. The event tells the services that
  // act on the grant outside a request (notifications: who of a provider's staff
  // is told of its orders, issue 18).
  bus.handle(identity.setStaffPermissions, async ({ id, permissions }, ctx) => {
    const provider = requireProvider(ctx);
    const before = await ownStaff(deps, provider, id);
    const granted = [...new Set(permissions)];
    const row = await db.transaction().execute(async (trx) => {
      const updated = await setPermissions(trx, id, granted);
      await recordAudit(trx, {
        entity: 'user',
        entityId: id,
        action: 'permissions_set',
        actor: provider,
        fromState: before.permissions.join(','),
        toState: updated.permissions.join(','),
      });
      await appendEvent(
        trx,
        identityEvents.staffPermissionsSet,
        {
          userId: id,
          providerId: provider.userId,
          permissions: granted,
          by: provider.userId,
          at: updated.updated_at.toISOString(),
        },
        ctx,
      );
      return updated;
    });
    await endSessions(deps, db, { userId: id });
    return toUserView(row);
  });
}
