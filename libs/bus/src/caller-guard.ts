import { AppError, type Caller, type Role, type StaffPermission } from '@voucher/contracts';
import type { HandlerContext } from './bus.ts';

/** The caller of a command open to anyone signed in; whose data it touches is the handler's next check. */
export function requireCaller(ctx: HandlerContext): Caller {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'log in first');
  return ctx.caller;
}

/**
 * The caller of a command when its role is one of `roles` (DOMAIN §1: an
 * administrator may do what any platform role may, never act as an
 * enterprise or a provider). The gateway checked the role already; services
 * check again because the bus is not only the gateway's.
 */
export function requireRole(ctx: HandlerContext, ...roles: Role[]): Caller {
  const caller = requireCaller(ctx);
  const adminStandsIn = caller.role === 'admin' && roles.some((r) => r !== 'enterprise' && r !== 'provider');
  if (!roles.includes(caller.role) && !adminStandsIn) throw new AppError('FORBIDDEN', `only for: ${roles.join(', ')}`);
  return caller;
}

/**
 * The provider a caller acts for (ID-8): the provider's main account itself,
 * or its staff granted the menu `permission`; anyone else is refused.
 */
export function actingProvider(
  ctx: HandlerContext,
  permission: StaffPermission,
): { providerId: string; caller: Caller } {
  const caller = requireCaller(ctx);
  if (caller.role === 'provider') return { providerId: caller.userId, caller };
  if (caller.role === 'provider_staff' && caller.providerId && caller.permissions?.includes(permission)) {
    return { providerId: caller.providerId, caller };
  }
  throw new AppError('FORBIDDEN', `only the provider or its staff with the ${permission} menu`);
}
