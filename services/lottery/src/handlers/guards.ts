import { AppError, type Caller, type Role } from '@voucher/contracts';
import type { HandlerContext } from '@voucher/bus';

export function requireRole(ctx: HandlerContext, ...roles: Role[]): Caller {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'log in first');
  // DOMAIN §1: an administrator may do what any platform role may
  if (
    !roles.includes(ctx.caller.role) &&
    !(ctx.caller.role === 'admin' && roles.some((r) => r !== 'enterprise' && r !== 'provider'))
  ) {
    throw new AppError('FORBIDDEN', `only for: ${roles.join(', ')}`);
  }
  return ctx.caller;
}
