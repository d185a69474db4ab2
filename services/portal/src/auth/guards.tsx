import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import type { Role } from '@voucher/contracts';
import { useSession } from './session.tsx';

/**
 * A page for the given roles only; anyone else is sent to sign in. The
 * gateway enforces the same rule: this only spares people a page of errors.
 */
export function RolesOnly({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user, loading } = useSession();
  if (loading) return null;
  return user && roles.includes(user.role as Role) ? children : <Navigate to="/login" replace />;
}

export const enterpriseRoles = ['enterprise'] as const satisfies readonly Role[];
export const providerRoles = ['provider', 'provider_staff'] as const satisfies readonly Role[];
/** Everyone who works for the programme (DOMAIN §1); each page narrows it to its reviewers. */
export const programmeRoles = [
  'operator',
  'expert',
  'approver',
  'finance',
  'admin',
  'district_officer',
] as const satisfies readonly Role[];
