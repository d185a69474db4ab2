import { AppError, roles, type Caller, type Role, type StaffPermission } from '@voucher/contracts';

/** Who may call a route: nobody needs to sign in, or the caller's role must be listed. */
export type RouteAuth = 'public' | readonly Role[];

/** Every role: for routes any signed-in user may call (their own account, logout). */
export const anyRole: readonly Role[] = roles;

/** The platform roles an administrator stands in for (DOMAIN §1). */
const adminCovers: ReadonlySet<Role> = new Set<Role>(['district_officer', 'operator', 'expert', 'approver', 'finance']);

/**
 * The role rule, stated once (DOMAIN §1): a listed role may call; `admin` may
 * also call any route that a platform role may; a provider's staff account
 * needs the route's menu permission, which the provider main account always
 * has. Ownership (own district, own provider) is the owning service's check.
 */
export function mayCall(caller: Caller, allowed: readonly Role[], permission?: StaffPermission): boolean {
  const roleAllowed =
    allowed.includes(caller.role) || (caller.role === 'admin' && allowed.some((r) => adminCovers.has(r)));
  if (!roleAllowed) return false;
  if (permission && caller.role === 'provider_staff') return caller.permissions?.includes(permission) ?? false;
  return true;
}

export function assertMayCall(caller: Caller, allowed: readonly Role[], permission?: StaffPermission): void {
  if (!mayCall(caller, allowed, permission)) throw new AppError('FORBIDDEN', 'your role may not do this');
}

/** The roles line of a route's OpenAPI description, from its row of the access table (route-access.ts). */
export function describeAccess({
  roles: auth,
  menu: permission,
}: {
  roles: RouteAuth;
  menu?: StaffPermission;
}): string {
  if (auth === 'public') return 'Roles: public (no token).';
  const names = auth === anyRole ? 'any signed-in role' : auth.join(', ');
  const adminToo = auth !== anyRole && !auth.includes('admin') && auth.some((r) => adminCovers.has(r));
  const staff =
    permission && auth.includes('provider_staff') ? ` provider_staff needs the \`${permission}\` permission.` : '';
  return `Roles: ${names}${adminToo ? ' (and admin)' : ''}.${staff}`;
}
