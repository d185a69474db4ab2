import type { ApplicationKind } from './review-chain.ts';

/**
 * Whose redemption applications a caller reads (DOMAIN §1, SET-3, SET-5): a
 * provider (or its staff with the settlement menu) its own; the approver and
 * finance every one; an operator the general vouchers it reviews. The same
 * rule serves the detail, the forms and the attached materials; outside it an
 * application is not found (API.md 404).
 */
export type ApplicationScope =
  { kind: 'provider'; providerId: string } | { kind: 'reviewer'; only: ApplicationKind | null };

export function inApplicationScope(
  scope: ApplicationScope,
  application: { providerId: string; kind: ApplicationKind },
): boolean {
  if (scope.kind === 'provider') return application.providerId === scope.providerId;
  return scope.only === null || application.kind === scope.only;
}
