/**
 * Whose orders a caller reads (DOMAIN §1): an enterprise its own, a provider
 * (or its staff with the orders menu) its own, a district officer those of its
 * district's enterprises, the other reviewers every order (read only). One
 * scope serves the list, the detail and the attachments, so none of them can
 * show what another hides (API.md: someone else's order is not found).
 */
export type ReadScope =
  | { kind: 'enterprise'; enterpriseId: string }
  | { kind: 'provider'; providerId: string }
  /** an officer without a district sees no order */
  | { kind: 'district'; district: string | null }
  | { kind: 'all' };

/** An order as the scope judges it: its parties and its enterprise's district (from qualification's events). */
export interface ScopedOrder {
  enterpriseId: string;
  providerId: string;
  district: string | null;
}

export function inReadScope(scope: ReadScope, order: ScopedOrder): boolean {
  switch (scope.kind) {
    case 'enterprise':
      return order.enterpriseId === scope.enterpriseId;
    case 'provider':
      return order.providerId === scope.providerId;
    case 'district':
      return scope.district !== null && order.district === scope.district;
    case 'all':
      return true;
  }
}
